namespace Gateway.Routing;

/// <summary>The kind of one path segment in a route template, ordered from least to most specific.</summary>
public enum SegmentKind
{
    /// <summary><c>{name+}</c>: one or more trailing segments.</summary>
    CatchAll = 0,

    /// <summary><c>{name}</c>: exactly one non-empty segment.</summary>
    Parameter = 1,

    /// <summary>A literal segment, matched case-insensitively unless the gateway says <c>caseSensitive: true</c>.</summary>
    Literal = 2,
}

public readonly record struct TemplateSegment(SegmentKind Kind, string Value);

/// <summary>
/// A path template such as <c>/orders/{id}</c> or <c>/files/{proxy+}</c>, in API Gateway's syntax.
/// </summary>
public sealed class RouteTemplate
{
    /// <summary>Matching captures parameters into a fixed, stack-allocated buffer of this size.</summary>
    public const int MaxParameters = 16;

    private RouteTemplate(string text, TemplateSegment[] segments)
    {
        Text = text;
        Segments = segments;
    }

    public string Text { get; }

    public IReadOnlyList<TemplateSegment> Segments { get; }

    public int ParameterCount => Segments.Count(s => s.Kind != SegmentKind.Literal);

    /// <summary>The literal segments before the first parameter, as a path ("/api/v1" for "/api/v1/{proxy+}").</summary>
    public string LiteralPrefix =>
        "/" + string.Join('/', Segments.TakeWhile(s => s.Kind == SegmentKind.Literal).Select(s => s.Value));

    public static bool TryParse(string text, out RouteTemplate? template, out string? error)
    {
        template = null;
        if (string.IsNullOrEmpty(text) || text[0] != '/')
        {
            error = "must start with '/'";
            return false;
        }

        var parts = text.Length == 1 ? [] : text[1..].Split('/');
        var segments = new TemplateSegment[parts.Length];
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < parts.Length; i++)
        {
            var part = parts[i];
            if (part.Length == 0)
            {
                error = "has an empty segment ('//' or a trailing '/')";
                return false;
            }
            if (part[0] != '{')
            {
                if (part.AsSpan().IndexOfAny("{}") >= 0)
                {
                    error = $"segment \"{part}\" mixes literal text and a parameter; a parameter must be a whole segment";
                    return false;
                }
                segments[i] = new TemplateSegment(SegmentKind.Literal, part);
                continue;
            }
            if (part[^1] != '}')
            {
                error = $"segment \"{part}\" is missing its closing '}}'";
                return false;
            }
            var greedy = part.EndsWith("+}", StringComparison.Ordinal);
            var name = part[1..^(greedy ? 2 : 1)];
            if (!IsIdentifier(name))
            {
                error = $"parameter \"{part}\" needs a name of letters, digits and '_'";
                return false;
            }
            if (!names.Add(name))
            {
                error = $"parameter \"{name}\" appears twice";
                return false;
            }
            if (greedy && i != parts.Length - 1)
            {
                error = $"greedy parameter \"{part}\" must be the last segment";
                return false;
            }
            segments[i] = new TemplateSegment(greedy ? SegmentKind.CatchAll : SegmentKind.Parameter, name);
        }
        if (names.Count > MaxParameters)
        {
            error = $"has {names.Count} parameters; a path may have at most {MaxParameters}";
            return false;
        }

        template = new RouteTemplate(text, segments);
        error = null;
        return true;
    }

    /// <summary>
    /// Matches a canonical path (see <see cref="Canonicalization.CanonicalPath"/>). On success
    /// <paramref name="captures"/> holds, per parameter in template order, the range of its raw value within
    /// <paramref name="path"/>. Allocates nothing.
    /// </summary>
    public bool TryMatch(ReadOnlySpan<char> path, Span<Range> captures, StringComparison literals = StringComparison.Ordinal)
    {
        // One trailing slash is not significant ("/orders/" matches "/orders").
        if (path.Length > 1 && path[^1] == '/')
        {
            path = path[..^1];
        }

        var position = 1; // past the leading '/'
        var captured = 0;
        var segments = Segments;
        for (var i = 0; i < segments.Count; i++)
        {
            var segment = segments[i];
            if (position > path.Length)
            {
                return false;
            }
            if (segment.Kind == SegmentKind.CatchAll)
            {
                if (position >= path.Length)
                {
                    return false;
                }
                captures[captured] = new Range(position, path.Length);
                return true;
            }

            var rest = path[position..];
            var slash = rest.IndexOf('/');
            var length = slash < 0 ? rest.Length : slash;
            var value = rest[..length];
            if (segment.Kind == SegmentKind.Literal)
            {
                if (!value.Equals(segment.Value, literals))
                {
                    return false;
                }
            }
            else
            {
                if (length == 0)
                {
                    return false;
                }
                captures[captured++] = new Range(position, position + length);
            }
            position += length + 1;
        }
        return position >= path.Length;
    }

    /// <summary>
    /// The path this template matched, with its literal segments in the template's spelling: what the upstream gets
    /// when the match ignored case. A segment's <c>;parameters</c> and everything a parameter captured are kept.
    /// </summary>
    public string SpellLiterals(string path)
    {
        var segments = Segments;
        var position = 1;
        System.Text.StringBuilder? spelled = null;
        for (var i = 0; i < segments.Count && position <= path.Length && segments[i].Kind != SegmentKind.CatchAll; i++)
        {
            var end = path.IndexOf('/', position);
            end = end < 0 ? path.Length : end;
            var name = path.AsSpan(position, end - position);
            var parameters = Canonicalization.CanonicalPath.ParametersStart(name);
            name = parameters < 0 ? name : name[..parameters];
            var literal = segments[i].Value;
            if (segments[i].Kind == SegmentKind.Literal && !name.SequenceEqual(literal))
            {
                spelled ??= new System.Text.StringBuilder(path);
                spelled.Remove(position, name.Length).Insert(position, literal);
            }
            position = end + 1;
        }
        return spelled?.ToString() ?? path;
    }

    /// <summary>
    /// Orders templates from most to least specific: segment by segment, literal beats parameter beats catch-all;
    /// then the longer template wins.
    /// </summary>
    public static int CompareSpecificity(RouteTemplate a, RouteTemplate b)
    {
        var shared = Math.Min(a.Segments.Count, b.Segments.Count);
        for (var i = 0; i < shared; i++)
        {
            var byKind = b.Segments[i].Kind.CompareTo(a.Segments[i].Kind);
            if (byKind != 0)
            {
                return byKind;
            }
        }
        return b.Segments.Count.CompareTo(a.Segments.Count);
    }

    public override string ToString() => Text;

    private static bool IsIdentifier(string name) =>
        name.Length > 0 && name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_');
}
