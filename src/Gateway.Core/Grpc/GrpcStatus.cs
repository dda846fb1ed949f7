namespace Gateway.Grpc;

/// <summary>
/// gRPC status codes and the HTTP status each becomes for a JSON client: the mapping of google.rpc.Code
/// (code.proto), which grpc-gateway and Envoy's transcoder use too.
/// </summary>
public static class GrpcStatus
{
    public const int Ok = 0;
    public const int Unknown = 2;
    public const int Unavailable = 14;

    private static readonly (string Name, int Http)[] Codes =
    [
        ("ok", 200),
        ("cancelled", 499),
        ("unknown", 500),
        ("invalid_argument", 400),
        ("deadline_exceeded", 504),
        ("not_found", 404),
        ("already_exists", 409),
        ("permission_denied", 403),
        ("resource_exhausted", 429),
        ("failed_precondition", 400),
        ("aborted", 409),
        ("out_of_range", 400),
        ("unimplemented", 501),
        ("internal", 500),
        ("unavailable", 503),
        ("data_loss", 500),
        ("unauthenticated", 401),
    ];

    /// <summary>The HTTP status for a gRPC status; codes past the known ones are UNKNOWN's 500.</summary>
    public static int ToHttpStatus(int code) => code >= 0 && code < Codes.Length ? Codes[code].Http : 500;

    /// <summary>The status's name in lower snake case (<c>not_found</c>): the <c>error.code</c> of the JSON error.</summary>
    public static string Name(int code) => code >= 0 && code < Codes.Length ? Codes[code].Name : "unknown";

    /// <summary>
    /// The gRPC status an HTTP answer without one stands for (the gRPC spec's "HTTP to gRPC status code mapping"):
    /// a proxy or a server that is not gRPC answered.
    /// </summary>
    public static int FromHttpStatus(int status) => status switch
    {
        400 => 13,
        401 => 16,
        403 => 7,
        404 => 12,
        429 or 502 or 503 or 504 => Unavailable,
        _ => Unknown,
    };
}
