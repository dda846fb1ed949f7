using System.Text;
using System.Text.Json.Nodes;
using Gateway.Testing;

namespace Gateway.HostileInputTests.Events;

/// <summary>A real event the corpus starts from: its bytes as published, and a document to mutate.</summary>
public sealed record EventBase(string Name, byte[] Raw, JsonObject Document);

/// <summary>
/// The real events: the samples in <c>events/</c> and AWS's published proxy payloads in
/// <c>tests/fixtures/aws-events</c> (payload 2.0 and the REST API's 1.0). One of AWS's marks a body isBase64Encoded
/// that is not; its mutations start from a copy whose body is base64, so that each mutation is judged on its own.
/// AWS's HTTP API samples are GETs with a body, which the edge refuses; their mutations start from a POST copy.
/// </summary>
public static class EventBases
{
    private static readonly string[] Fixtures =
        ["http-api-v2-request.json", "http-api-v2-request-lambda-authorizer.json", "http-api-v2-request-iam-authorizer.json", "rest-v1-proxy-request.json"];

    public static IReadOnlyList<EventBase> All { get; } = Load();

    private static EventBase[] Load() =>
        Directory.GetFiles(RepositoryPaths.Events, "*.json").Order(StringComparer.Ordinal)
            .Concat(Fixtures.Select(name => Path.Combine(RepositoryPaths.AwsEventFixtures, name)))
            .Select(path =>
            {
                var raw = File.ReadAllBytes(path);
                var document = JsonNode.Parse(raw)!.AsObject();
                if (document["isBase64Encoded"]?.GetValue<bool>() == true && document["body"]?.GetValue<string>() is { } body && !IsBase64(body))
                {
                    document["body"] = Convert.ToBase64String(Encoding.UTF8.GetBytes(body));
                }
                if (document["requestContext"]?["http"] is JsonObject http && http["method"]?.GetValue<string>() is "GET" or "HEAD" &&
                    document["body"]?.GetValue<string>() is { Length: > 0 })
                {
                    http["method"] = "POST";
                }
                return new EventBase(Path.GetFileNameWithoutExtension(path), raw, document);
            })
            .ToArray();

    private static bool IsBase64(string text) => Convert.TryFromBase64String(text, new byte[text.Length], out _);
}
