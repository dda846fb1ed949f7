namespace Gateway.Policies.Transforms.Json;

/// <summary>
/// A place in a JSON body as a mapping names it: field names joined by dots (<c>customer.id</c>), with <c>[]</c> after
/// an array's name to mean "in each element" (<c>items[].qty</c>); a leading <c>[]</c> is the elements of a body that
/// is itself an array (<c>[].id</c>). Field names cannot contain '.', '[' or ']'.
/// </summary>
internal sealed class BodyPath
{
    private BodyPath(string text, string?[] segments)
    {
        Text = text;
        Segments = segments;
    }

    public string Text { get; }

    /// <summary>Field names, with null for each <c>[]</c>.</summary>
    public IReadOnlyList<string?> Segments { get; }

    /// <summary>The last segment's name: what a rename, set or remove acts on.</summary>
    public string? LastName => Segments[^1];

    /// <summary>How many leading segments make up the array scopes (up to and including the last <c>[]</c>).</summary>
    public int ScopeLength
    {
        get
        {
            for (var i = Segments.Count - 1; i >= 0; i--)
            {
                if (Segments[i] is null)
                {
                    return i + 1;
                }
            }
            return 0;
        }
    }

    public static bool TryParse(string text, out BodyPath? path, out string? problem)
    {
        path = null;
        if (text.Length == 0)
        {
            problem = "a path must not be empty";
            return false;
        }
        var segments = new List<string?>();
        foreach (var part in text.Split('.'))
        {
            var name = part;
            var each = 0;
            while (name.EndsWith("[]", StringComparison.Ordinal))
            {
                name = name[..^2];
                each++;
            }
            if (name.Length == 0 && (each == 0 || segments.Count > 0))
            {
                problem = $"\"{text}\" has an empty field name";
                return false;
            }
            if (name.AsSpan().IndexOfAny("[]") >= 0)
            {
                problem = $"\"{text}\": write [] right after an array's name, as in items[].qty";
                return false;
            }
            if (name.Length > 0)
            {
                segments.Add(name);
            }
            for (var i = 0; i < each; i++)
            {
                segments.Add(null);
            }
        }
        path = new BodyPath(text, segments.ToArray());
        problem = null;
        return true;
    }

    /// <summary>The same path with its last field renamed.</summary>
    public BodyPath WithLastName(string name) =>
        new(Segments.Count == 1 ? name : $"{Text[..Text.LastIndexOf('.')]}.{name}", [.. Segments.Take(Segments.Count - 1), name]);

    public override string ToString() => Text;
}
