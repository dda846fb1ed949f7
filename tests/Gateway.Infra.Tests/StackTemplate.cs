using System.Text.Json;
using System.Text.Json.Nodes;

namespace Gateway.Infra.Tests;

/// <summary>A synthesized CloudFormation template as JSON, with the look-ups the tests need.</summary>
public sealed class StackTemplate
{
    private StackTemplate(JsonObject root) => Root = root;

    public JsonObject Root { get; }

    public JsonObject Resources => Root["Resources"]!.AsObject();

    public static StackTemplate Parse(string json) => new(JsonNode.Parse(json)!.AsObject());

    public static StackTemplate Load(string path) => Parse(File.ReadAllText(path));

    /// <summary>Resources of one type, by logical ID.</summary>
    public IReadOnlyDictionary<string, JsonObject> OfType(string type) =>
        Resources.Where(pair => (string?)pair.Value!["Type"] == type).ToDictionary(pair => pair.Key, pair => pair.Value!.AsObject());

    public JsonObject Resource(string logicalId) =>
        Resources[logicalId]?.AsObject() ?? throw new Xunit.Sdk.XunitException($"no resource {logicalId}");

    public JsonObject Properties(string logicalId) => Resource(logicalId)["Properties"]!.AsObject();

    /// <summary>The logical ID a <c>{"Ref": id}</c> or <c>{"Fn::GetAtt": [id, attribute]}</c> points at.</summary>
    public static string Target(JsonNode? reference) => reference switch
    {
        JsonObject o when o["Ref"] is { } r => (string)r!,
        JsonObject o when o["Fn::GetAtt"] is JsonArray a => (string)a[0]!,
        _ => throw new Xunit.Sdk.XunitException($"not a Ref or GetAtt: {reference?.ToJsonString()}"),
    };

    /// <summary>A JSON value as a list of strings: a single string counts as a list of one.</summary>
    public static IReadOnlyList<string> Strings(JsonNode? node) => node switch
    {
        null => [],
        JsonArray array => array.Select(item => (string)item!).ToArray(),
        _ => [(string)node!],
    };

    /// <summary>A number as an int; jsii hands numbers over as doubles (1536.0).</summary>
    public static int Int(JsonNode? node) => (int)node!.GetValue<double>();

    public static string Compact(JsonNode? node) => node?.ToJsonString(new JsonSerializerOptions { WriteIndented = false }) ?? "null";
}
