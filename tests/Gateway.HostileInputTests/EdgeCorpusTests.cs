using Gateway.Authorization;
using Gateway.HostileInputTests.Corpus;
using Gateway.HostileInputTests.Credentials;
using Gateway.HostileInputTests.Edge;
using Gateway.HostileInputTests.Requests;
using Gateway.Lambda;
using Gateway.Testing;
using Xunit.Abstractions;

namespace Gateway.HostileInputTests;

/// <summary>
/// The edge families (classes 1, 2, 4, 5 and 10 of issue 11) against both hosts, each case held to its expectation
/// and to <see cref="EdgeInvariant"/>: the upstream receives only what the route that authorized it would forward.
/// Behind API Gateway a token goes to the authorizer first and its context, if it allows, rides with the event to the
/// proxy, whatever route API Gateway would have picked: the proxy must not trust API Gateway's routing to have
/// demanded the token.
/// </summary>
public sealed class EdgeCorpusTests(CredentialMaterial material, ITestOutputHelper output) : IClassFixture<CredentialMaterial>
{
    /// <summary>The route key of a token route, under which the authorizer checks a case's token.</summary>
    private const string TokenRouteKey = "ANY /admin/{proxy+}";

    /// <summary>The socket's peer, which the Kestrel host reports as the client.</summary>
    private const string LoopbackPeer = "127.0.0.1";

    public static TheoryData<string> Families => [.. EdgeFamilies.Names];

    private EdgeCredentials Credentials => EdgeCredentials.From(material.Tokens);

    private string Configuration(string upstream) => CorpusGateway.Edge(upstream, material.JwksUrl);

    [Theory]
    [MemberData(nameof(Families))]
    public async Task The_lambda_handler_forwards_only_what_the_authorizing_route_would(string family)
    {
        await using var rig = await CorpusRig.StartAsync(Configuration);
        var config = TestGateway.LoadConfig(Configuration(rig.Upstream.BaseUrl));
        var authorizer = new AuthorizerCorpusHost(new AuthorizerFunction(config, material.Authentication(config, material.KeyStore()), rig.Failures));
        var proxy = new LambdaCorpusHost(rig.Gateway);
        var cases = EdgeFamilies.Create(family, Credentials).Generate(CorpusSettings.Current).Where(c => c.Lambda is not null);

        var result = await CorpusRunner.RunAsync($"{family} on the Lambda handler", cases, async (item, _) =>
        {
            var context = item.Credential.Token is null ? null : await authorizer.AuthorizeAsync(item.Request, TokenRouteKey);
            if (item.Credential.IsValid && context is null)
            {
                return ["the authorizer denied a valid token"];
            }
            return await rig.CheckAsync(Judge(item, item.Lambda!, kestrel: false, HttpApiEvent.SourceIp), () => proxy.InvokeAsync(HttpApiEvent.From(item.Request, context)));
        });

        result.AssertClean(output);
    }

    [Theory]
    [MemberData(nameof(Families))]
    public async Task The_kestrel_host_forwards_only_what_the_authorizing_route_would(string family)
    {
        await using var rig = await CorpusRig.StartAsync(Configuration, config => new InProcessAuthenticator(material.Authentication(config, material.KeyStore())));
        await using var kestrel = await KestrelCorpusHost.StartAsync(rig);
        var cases = EdgeFamilies.Create(family, Credentials).Generate(CorpusSettings.Current).Where(c => c.Kestrel is not null);

        var result = await CorpusRunner.RunAsync($"{family} on the Kestrel host", cases,
            (item, cancellation) => rig.CheckAsync(Judge(item, item.Kestrel!, kestrel: true, LoopbackPeer), () => kestrel.SendAsync(item.Wire ?? WireRequest.From(item.Request), cancellation)));

        result.AssertClean(output);
    }

    private static Func<HostResponse, IReadOnlyList<ReceivedRequest>, IEnumerable<string>> Judge(EdgeCase item, Expect expected, bool kestrel, string clientAddress) =>
        (response, reached) => ResponseChecks.Verify(expected, response, reached).Concat(EdgeInvariant.Verify(item, kestrel, clientAddress, response, reached));
}
