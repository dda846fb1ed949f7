using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Gateway.Composition;
using Gateway.Configuration;
using Gateway.HostileInputTests.Corpus;
using Gateway.Http;
using Gateway.Observability.Logging;
using Gateway.Policies;
using Gateway.Routing;
using Gateway.Testing;

namespace Gateway.HostileInputTests.Configuration;

/// <summary>
/// What every configuration case is held to: the loader returns a configuration or problems, never throws; each
/// problem is "file:line: field: message" with a line inside the file; and an accepted configuration builds a
/// gateway that answers a request on every route without a 500 or an error logged. (Other 5xx can be what a
/// configuration asks for: a 6-byte maxResponseBodySize makes every answer a 502.)
/// </summary>
public static partial class ConfigChecks
{
    /// <summary>Beside the sample configuration, whose gRPC service names its .proto relative to the file.</summary>
    public static readonly string FileName = Path.Combine(RepositoryPaths.Root, "infra", "fuzzed.yaml");

    public static async Task<IReadOnlyList<string>> VerifyAsync(ConfigCase item)
    {
        var problems = new List<string>();
        var result = new GatewayConfigLoader(PolicyCatalog.Default, _ => null).Parse(item.Yaml, FileName);
        if (result.Config is { } config)
        {
            await CheckServesAsync(config, problems);
        }
        else
        {
            CheckProblems(result.Problems, item.Yaml, FileName, problems);
        }
        if (item.MustLoad is { } mustLoad && mustLoad != result.Succeeded)
        {
            problems.Add(mustLoad ? $"rejected: {string.Join(" | ", result.Problems.Take(3))}" : "accepted, but must be rejected");
        }
        return problems;
    }

    /// <summary>Each problem names the file, a line within it (1-based) and says what is wrong.</summary>
    public static void CheckProblems(IReadOnlyList<ConfigProblem> reported, string yaml, string file, List<string> problems)
    {
        if (reported.Count == 0)
        {
            problems.Add("rejected without a single problem");
        }
        var lines = LineBreak().Split(yaml).Length;
        foreach (var problem in reported)
        {
            var text = problem.ToString();
            if (problem.Line < 1 || problem.Line > lines + 1 || !text.StartsWith($"{file}:{problem.Line}: ", StringComparison.Ordinal) || problem.Message.Length == 0)
            {
                problems.Add($"malformed problem (file has {lines} lines): {CaseIds.Printable(text)}");
            }
        }
    }

    /// <summary>One request per route, shaped by its template, method and host, through the built gateway.</summary>
    private static async Task CheckServesAsync(GatewayConfig config, List<string> problems)
    {
        var failures = new FailureLog();
        var services = TestGateway.Services(new StubUpstreamHandler()) with { LoggerFactory = GatewayLogging.CreateFactory(failures) };
        var gateway = GatewayBuilder.Build(config, services);
        foreach (var route in config.Routes)
        {
            var path = "/" + string.Join('/', route.Path.Segments.Select(segment => segment.Kind switch
            {
                SegmentKind.Literal => segment.Value,
                SegmentKind.Parameter => "p",
                _ => "a/b",
            }));
            var host = route.Host is { } pattern && pattern.StartsWith("*.", StringComparison.Ordinal) ? "a" + pattern[1..] : route.Host;
            var request = new GatewayRequest
            {
                Method = route.Methods?.Order(StringComparer.Ordinal).First() ?? "GET",
                Path = path,
                ClientAddress = IPAddress.Loopback,
                Host = host,
            };
            var response = await gateway.HandleAsync(request, Gateway.Testing.Requests.Anonymous);
            if (response.StatusCode == 500)
            {
                problems.Add($"accepted, but {request.Method} {path} on route {route.Name} answered {response.StatusCode}: {Encoding.UTF8.GetString(response.Body.Span)}");
            }
        }
        problems.AddRange(failures.Drain().Select(entry => $"accepted, but serving it logged {entry}"));
    }

    [GeneratedRegex("\r\n|\r|\n")]
    private static partial Regex LineBreak();
}
