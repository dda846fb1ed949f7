using Gateway.HostileInputTests.Corpus;

namespace Gateway.HostileInputTests.Edge;

/// <summary>
/// The edge gateway's routes (<see cref="CorpusGateway.Edge"/>) as an upstream reading sees them: which readings fall
/// in an area that demands a token, and which route's literal segment a canonical path was matched by. Segments are
/// those below the service's base path, lower-cased.
/// </summary>
public static class EdgeAreas
{
    public static string? Protected(string method, IReadOnlyList<string> segments, string? host) => segments switch
    {
        ["admin", _, ..] => "admin",
        ["transformed", _, ..] => "transformed",
        ["items", _] when method == "DELETE" => "delete-item",
        ["dash"] when host == CorpusGateway.AdminHost => "host-admin",
        _ => null,
    };

    /// <summary>The literal first segment of the route that serves these segments, or null for the public catch-all.</summary>
    public static string? RouteLiteral(IReadOnlyList<string> segments) => segments switch
    {
        ["admin" or "transformed", _, ..] => segments[0],
        ["items" or "matrix", _] => segments[0],
        ["dash"] => segments[0],
        _ => null,
    };

    /// <summary>Only the matrix route takes <c>;parameters</c>.</summary>
    public static bool TakesMatrixParams(IReadOnlyList<string> segments) => segments is ["matrix", _];
}
