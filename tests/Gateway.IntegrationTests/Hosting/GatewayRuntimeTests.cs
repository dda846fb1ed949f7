using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Gateway.Composition;
using Gateway.Configuration;
using Gateway.Http;
using Gateway.Lambda;
using Gateway.Pipeline;
using Gateway.Policies.Transforms;
using Gateway.State;
using Gateway.Testing;

namespace Gateway.IntegrationTests.Hosting;

/// <summary>
/// The runtime seam, as a team uses it: a C# transform from its own assembly (this one) is added where the host builds
/// its runtime, and the same configuration naming it then loads and runs on the Lambda functions (through the entry
/// points a team's bootstrap calls) and on the container host; a state backend of its own is one object handed to the
/// builder, and it is what the limits count in.
/// </summary>
public sealed class GatewayRuntimeTests : IAsyncLifetime
{
    private const string Config = """
        services:
          api: { url: "${env.UPSTREAM}" }
        routes:
          - name: hello
            path: /hello
            methods: [GET]
            service: api
            policies:
              transforms: [stamp]
              rateLimit: { limits: [ { name: per-route, by: route, requests: 100, per: 1m } ] }
        """;

    private readonly string _configFile = Path.Combine(Path.GetTempPath(), $"runtime-{Guid.NewGuid():N}.yaml");
    private TestUpstream _upstream = null!;

    public async Task InitializeAsync()
    {
        _upstream = await TestUpstream.StartAsync();
        await File.WriteAllTextAsync(_configFile, Config);
    }

    public async Task DisposeAsync()
    {
        await _upstream.DisposeAsync();
        File.Delete(_configFile);
    }

    private string? Variable(string name) => name switch
    {
        "GATEWAY_CONFIG" => _configFile,
        "UPSTREAM" => _upstream.BaseUrl,
        _ => null,
    };

    [Fact]
    public void Without_the_team_transform_every_lambda_function_refuses_the_configuration_naming_it()
    {
        foreach (var name in LambdaEntryPoints.FunctionNames)
        {
            var function = LambdaEntryPoints.Resolve(name, Variable, new LogCapture().Output)!;

            var problem = Assert.Single(function.ConfigProblems);
            Assert.Contains("unknown transform \"stamp\"", problem.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_team_transform_added_through_the_entry_points_loads_in_every_function_and_runs_in_the_proxy()
    {
        foreach (var name in LambdaEntryPoints.FunctionNames)
        {
            Assert.Empty(LambdaEntryPoints.Resolve(name, Variable, new LogCapture().Output, runtime => runtime.AddTransforms(new Stamp()))!.ConfigProblems);
        }
        var proxy = LambdaEntryPoints.Resolve(LambdaEntryPoints.ProxyFunctionName, Variable, new LogCapture().Output, runtime => runtime.AddTransforms(new Stamp()))!;

        await using var answer = await proxy.HandleAsync(HelloEvent(), InvocationContext.None);
        using var response = await JsonDocument.ParseAsync(answer);

        Assert.Equal(200, response.RootElement.GetProperty("statusCode").GetInt32());
        Assert.Equal("lambda", _upstream.Last.Header("X-Stamped-By"));
    }

    [Fact]
    public async Task On_the_container_host_the_same_transform_runs_and_the_limits_count_in_the_chosen_state_backend()
    {
        var backend = new CountingBackend(TimeProvider.System);
        var runtime = new GatewayRuntimeBuilder(HostProfile.Container).AddTransforms(new Stamp()).UseState(_ => backend);
        var config = runtime.ConfigLoader(Variable).LoadFile(_configFile).GetConfigOrThrow();
        await using var server = await GatewayServer.StartAsync(runtime.Build().Build(config));

        using var response = await server.Client.GetAsync("/hello");

        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("serve", _upstream.Last.Header("X-Stamped-By"));
        Assert.True(backend.CounterCalls > 0, "the rate limit did not count in the backend the runtime was given");
    }

    private static MemoryStream HelloEvent()
    {
        var node = JsonNode.Parse(File.ReadAllText(Path.Combine(RepositoryPaths.Events, "proxy-get-hello.json")))!;
        return new MemoryStream(Encoding.UTF8.GetBytes(node.ToJsonString()));
    }

    /// <summary>Says which host it ran on: only the container host streams.</summary>
    private sealed class Stamp : IGatewayTransform
    {
        public string Name => "stamp";

        public ValueTask<GatewayResponse?> TransformRequestAsync(GatewayContext context)
        {
            context.Request.Headers.Set("X-Stamped-By", context.Request.Scheme == "http" ? "serve" : "lambda");
            return ValueTask.FromResult<GatewayResponse?>(null);
        }
    }

    /// <summary>A team's own backend: the in-memory stores, with the counter calls counted.</summary>
    private sealed class CountingBackend(TimeProvider time) : IStateBackend, ICounterStore
    {
        private readonly InMemoryStateBackend _inner = new(time);
        private int _counterCalls;

        public int CounterCalls => Volatile.Read(ref _counterCalls);

        public string Name => "counting";

        public ICounterStore Counters => this;

        public IBreakerStore Breakers => _inner.Breakers;

        public IApiKeyStore ApiKeys => _inner.ApiKeys;

        public ValueTask<CounterWriteResult[]> ApplyAsync(IReadOnlyList<CounterWrite> writes, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _counterCalls);
            return _inner.Counters.ApplyAsync(writes, cancellationToken);
        }
    }
}
