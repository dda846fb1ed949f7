using System.Text;
using System.Text.Json.Nodes;
using Gateway.HostileInputTests.Corpus;

namespace Gateway.HostileInputTests.Events;

/// <summary>
/// Deeply nested JSON, 10,000 levels, in every kind of place (an unknown field, a header, an authorizer context, the
/// whole event), and at the limit: an event nests at most 32 levels (the root object is the first), one more is
/// 400 invalid_event wherever the extra level is.
/// </summary>
public sealed class NestingFamily : IEventFamily
{
    private const int MaxDepth = 32;
    private const int Deep = 10_000;
    private const string Marker = "\"__nested__\"";

    public string Name => "events-nesting";

    public IEnumerable<EventCase> Generate(CorpusSettings settings)
    {
        var ids = new CaseIds(Name);
        var hello = EventBases.All.First(b => b.Name == "proxy-get-hello").Document;
        var authorizer = EventBases.All.First(b => b.Name == "http-api-v2-request-lambda-authorizer").Document;
        var places = new (string Label, JsonNode Root, string[] Steps)[]
        {
            ("unknown top-level field", hello, ["deep"]),
            ("unknown field in requestContext", hello, ["requestContext", "deep"]),
            ("header value", hello, ["headers", "x-deep"]),
            ("authorizer context value", authorizer, ["requestContext", "authorizer", "lambda", "deep"]),
            ("cookie", hello, ["cookies"]),
        };
        foreach (var (label, root, steps) in places)
        {
            yield return Case(ids, $"{Deep} arrays in {label}", Nest(root, steps, Arrays(Deep)), Expect.InvalidEvent);
            yield return Case(ids, $"{Deep} objects in {label}", Nest(root, steps, Objects(Deep)), Expect.InvalidEvent);
        }
        yield return Case(ids, $"an event of {Deep} arrays", Arrays(Deep), Expect.InvalidEvent);
        yield return Case(ids, $"an event of {Deep} objects", Objects(Deep), Expect.InvalidEvent);
        yield return Case(ids, $"{Deep} unclosed arrays", new string('[', Deep), Expect.InvalidEvent);

        // At the limit: the field sits at depth 1 (top level), 2 (in requestContext) or 4 (in an authorizer context).
        var forwarded = new Expect.Forwarded(CorpusGateway.EventPrefix);
        foreach (var (label, root, steps, fieldDepth) in new[]
                 {
                     ("unknown top-level field", hello, new[] { "deep" }, 1),
                     ("unknown field in requestContext", hello, ["requestContext", "deep"], 2),
                     ("authorizer context value", authorizer, ["requestContext", "authorizer", "lambda", "deep"], 4),
                 })
        {
            yield return Case(ids, $"{MaxDepth} levels via {label}", Nest(root, steps, Arrays(MaxDepth - fieldDepth)), forwarded);
            yield return Case(ids, $"{MaxDepth + 1} levels via {label}", Nest(root, steps, Arrays(MaxDepth + 1 - fieldDepth)), Expect.InvalidEvent);
        }
    }

    private static EventCase Case(CaseIds ids, string label, string json, Expect expected) =>
        new(ids.Next(label), Encoding.UTF8.GetBytes(json), expected);

    private static string Arrays(int depth) => new string('[', depth) + "1" + new string(']', depth);

    private static string Objects(int depth) =>
        string.Concat(Enumerable.Repeat("{\"a\":", depth)) + "1" + new string('}', depth);

    /// <summary>The document's JSON with <paramref name="nested"/> placed at <paramref name="steps"/>, written as text (a tree that deep would not serialize).</summary>
    private static string Nest(JsonNode root, string[] steps, string nested)
    {
        var copy = root.DeepClone();
        var parent = copy;
        foreach (var step in steps[..^1])
        {
            parent = parent[step]!;
        }
        parent[steps[^1]] = JsonValue.Create("__nested__");
        return copy.ToJsonString().Replace(Marker, nested, StringComparison.Ordinal);
    }
}
