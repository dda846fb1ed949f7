using Gateway.Http;

namespace Gateway.Routing;

/// <summary>One <c>match</c> condition: a header or query parameter name and the value it must have (null: present).</summary>
public readonly record struct MatchCondition(string Name, string? Value)
{
    /// <summary>The configuration's spelling of "present with any value".</summary>
    public const string AnyValue = "*";

    public bool Accepts(ReadOnlySpan<char> value) => Value is null || value.SequenceEqual(Value);
}

/// <summary>
/// A route's <c>match</c>: header and query conditions that must all hold for the route to take a request. Routes on
/// one path are told apart by these; the route with more conditions is the more specific one.
/// </summary>
public sealed class RouteConditions
{
    private readonly MatchCondition[] _headers;
    private readonly MatchCondition[] _query;

    public RouteConditions(IEnumerable<MatchCondition> headers, IEnumerable<MatchCondition> query)
    {
        _headers = headers.ToArray();
        _query = query.ToArray();
        Key = string.Join("; ", _headers
            .Select(c => $"{c.Name.ToLowerInvariant()}: {c.Value ?? MatchCondition.AnyValue}")
            .Order(StringComparer.Ordinal)
            .Concat(_query.Select(c => $"?{c.Name}={c.Value ?? MatchCondition.AnyValue}").Order(StringComparer.Ordinal)));
    }

    public static RouteConditions None { get; } = new([], []);

    /// <summary>How many conditions must hold: the tie-breaker between routes on equally specific paths.</summary>
    public int Count => _headers.Length + _query.Length;

    /// <summary>
    /// The conditions in one canonical spelling (header names in lower case, sorted; "x-api-version: 2; ?beta=true"):
    /// two routes on one path, host and method with the same key take exactly the same requests, so the second could
    /// never be reached. It also names an unnamed route.
    /// </summary>
    public string Key { get; }

    public bool Holds(HeaderCollection headers, string rawQuery)
    {
        foreach (var condition in _headers)
        {
            if (!HeaderHolds(headers, condition))
            {
                return false;
            }
        }
        foreach (var condition in _query)
        {
            if (!QueryHolds(rawQuery, condition))
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>Header names compare case-insensitively (RFC 9110); any one field line with the value satisfies it.</summary>
    private static bool HeaderHolds(HeaderCollection headers, MatchCondition condition)
    {
        foreach (var header in headers.AsSpan())
        {
            if (header.Key.Equals(condition.Name, StringComparison.OrdinalIgnoreCase) && condition.Accepts(header.Value.AsSpan().Trim()))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>Query names and values compare decoded ('+' a space, %XX UTF-8), as the application reads them.</summary>
    private static bool QueryHolds(string rawQuery, MatchCondition condition)
    {
        var query = rawQuery.AsSpan();
        foreach (var range in query.Split('&'))
        {
            var parameter = query[range];
            var equals = parameter.IndexOf('=');
            var name = equals < 0 ? parameter : parameter[..equals];
            var value = equals < 0 ? ReadOnlySpan<char>.Empty : parameter[(equals + 1)..];
            if (Decoded(name).SequenceEqual(condition.Name) && condition.Accepts(Decoded(value)))
            {
                return true;
            }
        }
        return false;
    }

    // Most names and values have nothing encoded; only those that do pay for a decoded copy.
    private static ReadOnlySpan<char> Decoded(ReadOnlySpan<char> text) =>
        text.ContainsAny('%', '+') ? Uri.UnescapeDataString(text.ToString().Replace('+', ' ')) : text;
}
