using System.Text.Json;
using System.Text.Json.Nodes;

namespace Gateway.Testing;

/// <summary>One token for tools/jose/mint.mjs to sign; see that script for what each field means.</summary>
public sealed record TokenSpec(
    string Name, string Sign, string? Alg, object Claims, string? Kid = null, long? ExpIn = 3600, long? NbfIn = null, long? IatIn = 0,
    object? Header = null, bool EmbedJwk = false);

/// <summary>
/// Tokens minted by the npm package jose (tools/jose), not by the code under test, with the JWKS documents of the key
/// pairs it generated for the run. tools/bootstrap.sh installs jose; a missing install fails the test.
/// </summary>
public sealed class JoseTokens
{
    private JoseTokens(JsonObject output)
    {
        Jwks = output["jwks"]!.ToJsonString();
        RotatedJwks = output["rotatedJwks"]!.ToJsonString();
        Tokens = output["tokens"]!.AsObject().ToDictionary(pair => pair.Key, pair => (string)pair.Value!, StringComparer.Ordinal);
    }

    /// <summary>The public keys of rsa-1 and ec-1.</summary>
    public string Jwks { get; }

    /// <summary>The same plus rsa-2, as a provider publishes it after a key rotation.</summary>
    public string RotatedJwks { get; }

    public IReadOnlyDictionary<string, string> Tokens { get; }

    public string this[string name] => Tokens[name];

    public static async Task<JoseTokens> MintAsync(string secret, IEnumerable<TokenSpec> tokens)
    {
        var spec = Path.Combine(Path.GetTempPath(), $"jose-spec-{Guid.NewGuid():N}.json");
        // Deep enough for the hostile corpus's deeply nested claims.
        var options = new JsonSerializerOptions { PropertyNamingPolicy = JsonNamingPolicy.CamelCase, MaxDepth = 4096 };
        await File.WriteAllTextAsync(spec, JsonSerializer.Serialize(new { secret, tokens }, options));
        try
        {
            var result = await ExternalProcess.RunAsync("node", [Path.Combine(RepositoryPaths.Root, "tools", "jose", "mint.mjs"), spec], TimeSpan.FromMinutes(1));
            if (result.ExitCode != 0)
            {
                throw new InvalidOperationException($"tools/jose/mint.mjs failed (run tools/bootstrap.sh?):\n{result}");
            }
            return new JoseTokens(JsonNode.Parse(result.Stdout)!.AsObject());
        }
        finally
        {
            File.Delete(spec);
        }
    }
}
