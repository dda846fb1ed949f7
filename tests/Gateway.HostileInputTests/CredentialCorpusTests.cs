using System.Diagnostics;
using Gateway.Authorization;
using Gateway.HostileInputTests.Corpus;
using Gateway.HostileInputTests.Credentials;
using Gateway.HostileInputTests.Requests;
using Gateway.Lambda;
using Gateway.Testing;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace Gateway.HostileInputTests;

/// <summary>
/// The token and API-key families against both hosts: behind API Gateway, the authorizer first and then, for what it
/// allows, the proxy with its context; <c>gatewayctl serve</c>'s Kestrel host, authenticating in-process. Over a whole
/// family the identity provider's JWKS may be fetched once, plus once per minimum refresh interval for unknown kids,
/// and the attacker's JWKS (named by <c>jku</c>, <c>x5u</c>) never.
/// </summary>
public sealed class CredentialCorpusTests(CredentialMaterial material, ITestOutputHelper output) : IClassFixture<CredentialMaterial>
{
    public static TheoryData<string> Families => [.. CredentialFamilies.Names];

    [Theory]
    [MemberData(nameof(Families))]
    public async Task The_authorizer_then_the_lambda_proxy_give_every_case_its_promised_answer(string family)
    {
        await using var rig = await CorpusRig.StartAsync(material.Configuration);
        var config = TestGateway.LoadConfig(material.Configuration(rig.Upstream.BaseUrl));
        var authorizer = new AuthorizerCorpusHost(new AuthorizerFunction(config, material.Authentication(config, material.KeyStore()), rig.Failures));
        var proxy = new LambdaCorpusHost(rig.Gateway);
        var cases = CredentialFamilies.Create(family, material).Generate(CorpusSettings.Current);

        var (result, fetches) = await RunAsync($"{family} through the authorizer and the Lambda handler", cases, async (item, _) =>
        {
            rig.Failures.Drain();
            var context = await authorizer.AuthorizeAsync(item.Request);
            var logged = rig.Failures.Drain().Select(entry => $"the authorizer logged {entry}").ToList();
            if (item.Proxy is null)
            {
                return context is null ? logged : [.. logged, $"the authorizer allowed it: {string.Join(", ", context.Select(c => $"{c.Key}={c.Value}"))}"];
            }
            if (context is null)
            {
                return [.. logged, "the authorizer denied a valid credential"];
            }
            return [.. logged, .. await rig.CheckAsync(item.Proxy, () => proxy.InvokeAsync(HttpApiEvent.From(item.Request, context)))];
        });

        result.AssertClean(output);
        fetches.AssertBounded(output);
    }

    [Theory]
    [MemberData(nameof(Families))]
    public async Task The_kestrel_host_gives_every_case_its_promised_answer(string family)
    {
        var keys = material.KeyStore();
        await using var rig = await CorpusRig.StartAsync(material.Configuration, config => new InProcessAuthenticator(material.Authentication(config, keys)));
        await using var kestrel = await KestrelCorpusHost.StartAsync(rig);
        var cases = CredentialFamilies.Create(family, material).Generate(CorpusSettings.Current);

        var (result, fetches) = await RunAsync($"{family} on the Kestrel host", cases,
            (item, cancellation) => rig.CheckAsync(item.Kestrel, () => kestrel.SendAsync(WireRequest.From(item.Request), cancellation)));

        result.AssertClean(output);
        fetches.AssertBounded(output);
    }

    private async Task<(CorpusResult Result, JwksFetches Fetches)> RunAsync(
        string title, IEnumerable<CredentialCase> cases, Func<CredentialCase, CancellationToken, Task<IReadOnlyList<string>>> check)
    {
        var (jwks, attacker) = (material.JwksFetches, material.AttackerFetches);
        var clock = Stopwatch.StartNew();
        var result = await CorpusRunner.RunAsync(title, cases, check);
        return (result, new JwksFetches(material.JwksFetches - jwks, material.AttackerFetches - attacker, clock.Elapsed));
    }

    /// <summary>The fetches one host's run made: each host has its own published-key cache, so the first one is a fetch.</summary>
    private sealed record JwksFetches(int Provider, int Attacker, TimeSpan Elapsed)
    {
        public void AssertBounded(ITestOutputHelper output)
        {
            // One first fetch, then at most one early fetch per started minimum refresh interval.
            var bound = 2 + (int)(Elapsed / CorpusGateway.MinKeyRefresh);
            output.WriteLine($"JWKS fetched {Provider} times in {Elapsed.TotalSeconds:F1} s (at most {bound}); the attacker's {Attacker} times");
            if (Provider > bound || Attacker > 0)
            {
                throw new XunitException($"the JWKS was fetched {Provider} times in {Elapsed.TotalSeconds:F1} s (at most {bound}), the attacker's {Attacker} times (never)");
            }
        }
    }
}
