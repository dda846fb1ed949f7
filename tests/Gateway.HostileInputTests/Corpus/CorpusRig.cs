using Gateway.Composition;
using Gateway.Configuration;
using Gateway.Identity;
using Gateway.Observability.Logging;
using Gateway.Pipeline;
using Gateway.Testing;

namespace Gateway.HostileInputTests.Corpus;

/// <summary>
/// A gateway under attack: its recording upstream, its failure log, and what one case did to them. Cases run one at a
/// time, so the upstream's requests since a case began are that case's.
/// </summary>
public sealed class CorpusRig : IAsyncDisposable
{
    private CorpusRig(TestUpstream upstream, FailureLog failures, GatewayHandler gateway)
    {
        Upstream = upstream;
        Failures = failures;
        Gateway = gateway;
    }

    public TestUpstream Upstream { get; }

    public FailureLog Failures { get; }

    public GatewayHandler Gateway { get; }

    /// <param name="configuration">The configuration, given the upstream's base URL.</param>
    /// <param name="authenticator">
    /// What checks credentials in the gateway itself, as <c>gatewayctl serve</c> does; null, as in the proxy Lambda,
    /// trusts the identity the authorizer put in the event.
    /// </param>
    public static async Task<CorpusRig> StartAsync(Func<string, string> configuration, Func<GatewayConfig, IEdgeAuthenticator>? authenticator = null)
    {
        // Generous: the upstream must take whatever the gateway lets through (UTF-8 header values included, as
        // many servers do), so that the answer a case sees is the gateway's.
        var upstream = await TestUpstream.StartAsync(kestrel: options =>
        {
            options.Limits.MaxRequestHeaderCount = 10_000;
            options.Limits.MaxRequestHeadersTotalSize = 2 << 20;
            options.Limits.MaxRequestBufferSize = 8 << 20;
            options.Limits.MaxRequestLineSize = 1 << 20;
            options.RequestHeaderEncodingSelector = _ => System.Text.Encoding.UTF8;
        });
        var failures = new FailureLog();
        var config = TestGateway.LoadConfig(configuration(upstream.BaseUrl));
        var services = TestGateway.Services(null) with { LoggerFactory = GatewayLogging.CreateFactory(failures), Authenticator = authenticator?.Invoke(config) };
        var gateway = GatewayBuilder.Build(config, services);
        return new CorpusRig(upstream, failures, gateway);
    }

    /// <summary>Sends one case and returns every way its outcome breaks <paramref name="expected"/> or an invariant.</summary>
    public Task<IReadOnlyList<string>> CheckAsync(Expect expected, Func<Task<HostResponse>> send) =>
        CheckAsync((response, reached) => ResponseChecks.Verify(expected, response, reached), send);

    /// <summary>Sends one case and returns what <paramref name="judge"/> finds wrong with its answer and what reached the upstream, and what was logged.</summary>
    public async Task<IReadOnlyList<string>> CheckAsync(
        Func<HostResponse, IReadOnlyList<ReceivedRequest>, IEnumerable<string>> judge, Func<Task<HostResponse>> send)
    {
        Failures.Drain();
        var before = Upstream.HitCount;
        var response = await send();
        var reached = Upstream.Received.Skip(before).ToArray();
        var problems = new List<string>(judge(response, reached));
        problems.AddRange(Failures.Drain().Select(entry => $"logged {entry}"));
        return problems;
    }

    public ValueTask DisposeAsync() => Upstream.DisposeAsync();
}
