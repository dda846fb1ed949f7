using System.Text;
using Gateway.Authorization;
using Gateway.Authorization.ApiKeys;
using Gateway.Authorization.Jwt;
using Gateway.Configuration;
using Gateway.HostileInputTests.Corpus;
using Gateway.State;
using Gateway.Testing;
using Microsoft.AspNetCore.Http;

namespace Gateway.HostileInputTests.Credentials;

/// <summary>
/// What the credential families attack with, made once per test class: tokens minted by jose (tools/jose, not the
/// code under test; node is slow to start), a loopback identity provider that counts every JWKS fetch, and tenant API
/// keys drawn from the corpus seed. The provider also serves an attacker's JWKS, which nothing may ever fetch.
/// </summary>
public sealed class CredentialMaterial : IAsyncLifetime
{
    public const string Secret = "hostile-corpus-shared-secret-0123456789abcdef";
    private const string JwksPath = "/jwks.json";
    private const string AttackerPath = "/attacker-jwks.json";

    private readonly HttpClient _http = new();
    private int _jwksFetches;
    private int _attackerFetches;

    public MintedTokens Tokens { get; private set; } = null!;

    public IssuedKeys Keys { get; } = IssuedKeys.Draw(CorpusSettings.Current.RandomFor("apikeys-material"));

    public TestUpstream Provider { get; private set; } = null!;

    public Uri JwksUrl => new(Provider.Address, JwksPath);

    /// <summary>Where hostile <c>jku</c> and <c>x5u</c> headers point.</summary>
    public Uri AttackerJwksUrl => new(Provider.Address, AttackerPath);

    public int JwksFetches => Volatile.Read(ref _jwksFetches);

    public int AttackerFetches => Volatile.Read(ref _attackerFetches);

    public string Configuration(string upstream) => CorpusGateway.Credentials(upstream, JwksUrl);

    /// <summary>The credential checks a host runs with, as <c>GatewayAuthentication.Create</c> builds them in both hosts.</summary>
    public CredentialAuthenticator Authentication(GatewayConfig config, IApiKeyStore keys) =>
        GatewayAuthentication.Create(config.Auth, new FixedJwtSecret(Secret), keys, _http, TimeProvider.System);

    /// <summary>A store holding the issued keys, fresh per host so that no lookup cache outlives a run.</summary>
    public IApiKeyStore KeyStore()
    {
        var store = new InMemoryApiKeyStore();
        foreach (var record in Keys.Records)
        {
            store.CreateAsync(record, CancellationToken.None).AsTask().GetAwaiter().GetResult();
        }
        return store;
    }

    public async Task InitializeAsync()
    {
        Provider = await TestUpstream.StartAsync(async (context, request) =>
        {
            var attacker = request.RawTarget == AttackerPath;
            if (attacker)
            {
                Interlocked.Increment(ref _attackerFetches);
            }
            else
            {
                Interlocked.Increment(ref _jwksFetches);
            }
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(attacker ? Tokens.Jose.RotatedJwks : Tokens.Jose.Jwks, Encoding.UTF8);
        });
        var specs = TokenSpecs.All(DateTimeOffset.UtcNow, AttackerJwksUrl);
        Tokens = new MintedTokens(await JoseTokens.MintAsync(Secret, specs.Select(spec => spec.Spec)), specs, Secret);
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await Provider.DisposeAsync();
    }
}
