using System.Text;
using System.Text.Json.Nodes;
using Gateway.HostileInputTests.Corpus;

namespace Gateway.HostileInputTests.Events;

/// <summary>
/// Bytes that are not the JSON an event must be: invalid UTF-8 inside strings the contract reads and between tokens
/// (400 invalid_event), and in names and values it skips (ignored with them: those bytes are never read, and nothing
/// of them reaches the upstream); other encodings, comments, trailing commas and garbage, documents that are not
/// objects; and what is fine (a byte order mark, whitespace).
/// </summary>
public sealed class EncodingFamily : IEventFamily
{
    private const string Marker = "__bad__";

    private static readonly (string Label, byte[] Bytes)[] InvalidUtf8 =
    [
        ("FF", [0xFF]), ("FE", [0xFE]), ("overlong '.' C0 AE", [0xC0, 0xAE]), ("lone continuation 80", [0x80]),
        ("truncated E2 82", [0xE2, 0x82]), ("encoded surrogate ED A0 80", [0xED, 0xA0, 0x80]), ("above U+10FFFF F4 90 80 80", [0xF4, 0x90, 0x80, 0x80]),
    ];

    public string Name => "events-encoding";

    public IEnumerable<EventCase> Generate(CorpusSettings settings)
    {
        var ids = new CaseIds(Name);
        var hello = EventBases.All.First(b => b.Name == "proxy-get-hello").Document;
        var forwarded = new Expect.Forwarded(CorpusGateway.EventPrefix);
        var places = new (string Label, string[] Steps, Expect Expected)[]
        {
            ("body", ["body"], Expect.InvalidEvent), ("header value", ["headers", "accept"], Expect.InvalidEvent),
            ("rawPath", ["rawPath"], Expect.InvalidEvent), ("method", ["requestContext", "http", "method"], Expect.InvalidEvent),
            ("cookie", ["cookies", "0"], Expect.InvalidEvent), ("unknown field", ["note"], forwarded),
        };
        foreach (var (label, bytes) in InvalidUtf8)
        {
            foreach (var (place, steps, expected) in places)
            {
                yield return Case(ids, $"{label} in {place}", Inject(Marked(hello, steps), bytes), expected);
            }
            var named = hello.DeepClone();
            named[Marker] = "x";
            yield return Case(ids, $"{label} in an unknown field's name", Inject(named.ToJsonString(), bytes), forwarded);
            yield return Case(ids, $"{label} between tokens", [.. bytes, .. Encoding.UTF8.GetBytes(hello.ToJsonString())], Expect.InvalidEvent);
        }

        var text = hello.ToJsonString();
        var path = hello["rawPath"]!.GetValue<string>();
        // The path's literal with raw JSON spliced inside it; a base event whose path is not in its text is a broken case.
        string InPath(string raw)
        {
            var spliced = text.Replace($"\"{path}\"", $"\"{path[..^2]}{raw}{path[^2..]}\"", StringComparison.Ordinal);
            return spliced != text ? spliced : throw new InvalidOperationException($"{path} is not in the base event's text");
        }
        yield return Case(ids, "UTF-8 byte order mark", [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes(text)], forwarded);
        yield return Case(ids, "surrounding whitespace", Encoding.UTF8.GetBytes($" \r\n\t{text}\n "), forwarded);
        yield return Case(ids, "UTF-16", Encoding.Unicode.GetBytes(text), Expect.InvalidEvent);
        yield return Case(ids, "UTF-16 with its byte order mark", [.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes(text)], Expect.InvalidEvent);
        foreach (var (label, json) in new[]
                 {
                     ("a comment", "/* hi */" + text), ("a trailing comma", text[..^1] + ",}"), ("single quotes", text.Replace('"', '\'')),
                     ("garbage after the event", text + " x"), ("two events", text + text), ("NaN", text[..^1] + ",\"n\":NaN}"),
                     ("a raw newline in a string", InPath("\n")),
                     ("an invalid escape", InPath("\\x")),
                     ("a truncated unicode escape", InPath("\\u00")),
                     ("null", "null"), ("an array", "[]"), ("an array of the event", $"[{text}]"), ("a string", "\"event\""), ("a number", "5"),
                     ("true", "true"), ("nothing", string.Empty), ("whitespace", " \n "), ("an empty object", "{}"),
                 })
        {
            yield return Case(ids, label, Encoding.UTF8.GetBytes(json), Expect.InvalidEvent);
        }
        // Escapes that decode to control characters: a header value holding them is dropped, a path refused.
        yield return Case(ids, "escaped CR LF in a header value",
            Encoding.UTF8.GetBytes(text.Replace("\"application/json\"", "\"a\\r\\nX-Injected: 1\"", StringComparison.Ordinal)), forwarded);
        yield return Case(ids, "escaped NUL in the path",
            Encoding.UTF8.GetBytes(InPath("\\u0000")), Expect.InvalidPath);
    }

    private static EventCase Case(CaseIds ids, string label, byte[] bytes, Expect expected) => new(ids.Next(label), bytes, expected);

    private static string Marked(JsonNode document, string[] steps)
    {
        var copy = document.DeepClone();
        var parent = copy;
        foreach (var step in steps[..^1])
        {
            parent = parent[step]!;
        }
        if (parent is JsonArray array)
        {
            array[int.Parse(steps[^1], System.Globalization.CultureInfo.InvariantCulture)] = $"a{Marker}b";
        }
        else
        {
            parent[steps[^1]] = $"a{Marker}b";
        }
        return copy.ToJsonString();
    }

    private static byte[] Inject(string json, byte[] bytes)
    {
        var at = json.IndexOf(Marker, StringComparison.Ordinal);
        return [.. Encoding.UTF8.GetBytes(json[..at]), .. bytes, .. Encoding.UTF8.GetBytes(json[(at + Marker.Length)..])];
    }
}
