namespace Gateway.Routing;

/// <summary>The parameter values a matched route captured, percent-decoded.</summary>
public sealed class RouteValues
{
    public static readonly RouteValues Empty = new([]);

    private readonly KeyValuePair<string, string>[] _values;

    public RouteValues(KeyValuePair<string, string>[] values) => _values = values;

    public int Count => _values.Length;

    public ReadOnlySpan<KeyValuePair<string, string>> AsSpan() => _values;

    public string? Get(string name)
    {
        foreach (var pair in _values)
        {
            if (pair.Key == name)
            {
                return pair.Value;
            }
        }
        return null;
    }
}
