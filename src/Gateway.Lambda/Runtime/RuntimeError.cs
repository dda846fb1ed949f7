using System.Text.Json.Serialization;

namespace Gateway.Lambda.Runtime;

/// <summary>
/// The error document the Runtime API's error endpoints take, as Lambda shows it to the invoker. No stack trace: the
/// invoker may be a client on the other side of API Gateway, and the function's own log has the details.
/// </summary>
internal sealed record RuntimeError(
    [property: JsonPropertyName("errorType")] string ErrorType,
    [property: JsonPropertyName("errorMessage")] string ErrorMessage);

[JsonSerializable(typeof(RuntimeError))]
internal sealed partial class RuntimeJsonContext : JsonSerializerContext;
