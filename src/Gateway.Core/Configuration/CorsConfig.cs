namespace Gateway.Configuration;

/// <summary>
/// Cross-origin resource sharing, answered by API Gateway itself (the HTTP API's CORS configuration): preflight
/// requests never reach the functions. Absent from the file means no CORS headers at all.
/// </summary>
public sealed record CorsConfig
{
    public required IReadOnlyList<string> AllowOrigins { get; init; }

    /// <summary>Upper-case methods, or <c>*</c>.</summary>
    public IReadOnlyList<string> AllowMethods { get; init; } = ["*"];

    public IReadOnlyList<string> AllowHeaders { get; init; } = [];

    public IReadOnlyList<string> ExposeHeaders { get; init; } = [];

    public bool AllowCredentials { get; init; }

    /// <summary>How long browsers may cache a preflight answer; null leaves it to the browser.</summary>
    public TimeSpan? MaxAge { get; init; }
}
