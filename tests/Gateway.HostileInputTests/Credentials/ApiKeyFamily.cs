using Gateway.Authorization.ApiKeys;
using Gateway.HostileInputTests.Corpus;
using static Gateway.HostileInputTests.Credentials.CredentialRoutes;

namespace Gateway.HostileInputTests.Credentials;

/// <summary>
/// Tenant API keys: prefixes, lengths, characters, unknown ids, wrong secrets, revoked and expired keys, whitespace,
/// repeated headers, keys in the wrong place, sizes up to 1 MB, sampled random damage, and the valid key as a control.
/// A wrong secret and an unknown id must be refused alike, down to the message: nothing may tell a client which
/// ids exist. (The secret itself is compared as SHA-256 hashes in fixed time, <see cref="ApiKeyFormat.Matches"/>.)
/// </summary>
public sealed class ApiKeyFamily(IssuedKeys keys) : ICredentialFamily
{
    public const string FamilyName = "apikeys";

    private const string NotValid = "the API key is not valid";
    private const string Malformed = "the API key is malformed";
    private const string Header = "x-api-key";

    /// <summary>Where the id ends and the secret starts: gwk_ (4) + 16 hex digits, then _.</summary>
    private const int SecretStart = 4 + 16 + 1;

    public string Name => FamilyName;

    public IEnumerable<CredentialCase> Generate(CorpusSettings settings)
    {
        var ids = new CaseIds(Name);
        var random = settings.RandomFor(Name);
        return Controls(ids)
            .Concat(Prefixes(ids))
            .Concat(Lengths(ids, random, settings))
            .Concat(Characters(ids))
            .Concat(Secrets(ids, random, settings))
            .Concat(Placement(ids))
            .Concat(Mutations(ids, random, settings))
            .Select(SizeAware);
    }

    private static CredentialCase Refused(CaseIds ids, string label, string key, string? message = Malformed) =>
        CredentialCase.Refused(ids.Next(label), Request(Key, (Header, key)), message);

    private IEnumerable<CredentialCase> Controls(CaseIds ids)
    {
        var active = keys.Active;
        yield return CredentialCase.Allowed(ids.Next("the active key"), Request(Key, (Header, active)), Forwarded(Key, KeyHolder));
        yield return CredentialCase.Allowed(ids.Next("the active key as X-API-Key"), Request(Key, ("X-API-Key", active)), Forwarded(Key, KeyHolder));
        // Keys carry no scopes: a route requiring one refuses every key, as a valid credential lacking it.
        yield return CredentialCase.Allowed(ids.Next("the active key on the scoped key route"), Request(KeyScoped, (Header, active)), Expect.Forbidden);
        // Surrounding whitespace is not part of the key (HTTP drops it on the wire; the authenticator trims it in events).
        foreach (var (label, value) in new[] { ("a leading space", $" {active}"), ("a trailing space", $"{active} "), ("spaces around", $"   {active}   "), ("tabs around", $"\t{active}\t") })
        {
            yield return CredentialCase.Allowed(ids.Next($"the active key with {label}"), Request(Key, (Header, value)), Forwarded(Key, KeyHolder));
        }
        yield return Refused(ids, "the revoked key", keys.Revoked, "the API key has been revoked");
        yield return Refused(ids, "the expired key", keys.Expired, "the API key has expired");
        yield return CredentialCase.Refused(ids.Next("no key"), Request(Key), "this route requires credentials");
        yield return Refused(ids, "an empty key", string.Empty, null);
        yield return Refused(ids, "a space", " ", null);
    }

    private IEnumerable<CredentialCase> Prefixes(CaseIds ids)
    {
        var rest = keys.Active[ApiKeyFormat.Prefix.Length..];
        foreach (var prefix in new[] { "GWK_", "Gwk_", "gWk_", "gwk-", "gwk", "gwk__", "gk_", "sk_", "ghp_", "AKIA", "pk_live_", "gwk_gwk_", "_", "gwl_", "gwk " })
        {
            yield return Refused(ids, $"prefix '{prefix}'", prefix + rest);
        }
        yield return Refused(ids, "no prefix", rest);
        yield return Refused(ids, "no prefix, id and secret joined", rest.Replace("_", string.Empty, StringComparison.Ordinal));
        yield return Refused(ids, "a . for the separator", keys.Active.Remove(SecretStart - 1, 1).Insert(SecretStart - 1, "."));
        yield return Refused(ids, "a - for the separator", keys.Active.Remove(SecretStart - 1, 1).Insert(SecretStart - 1, "-"));
    }

    private IEnumerable<CredentialCase> Lengths(CaseIds ids, Random random, CorpusSettings settings)
    {
        var active = keys.Active;
        yield return Refused(ids, "one character short", active[..^1]);
        yield return Refused(ids, "one character long", active + "0");
        yield return Refused(ids, "one character long at the front of the secret", active.Insert(SecretStart, "0"));
        yield return Refused(ids, "id one short, secret one long", active.Remove(SecretStart - 2, 1) + "0");
        yield return Refused(ids, "id one long, secret one short", active[..^1].Insert(SecretStart - 1, "0"));
        yield return Refused(ids, "the id alone", active[..(SecretStart - 1)]);
        yield return Refused(ids, "the id and separator", active[..SecretStart]);
        yield return Refused(ids, "the key twice", active + active);
        yield return Refused(ids, "the key twice, joined with _", $"{active}_{active}");
        for (var i = 0; i < settings.Sample(12); i++)
        {
            var length = random.Next(1, active.Length - 1);
            yield return Refused(ids, $"cut to {length} characters", active[..length]);
            var extra = random.Next(1, 200);
            yield return Refused(ids, $"extended by {extra} hex digits", active + IssuedKeys.Hex(random, extra)[..extra]);
        }
        yield return Refused(ids, "8 KB key", active + new string('0', 8 * 1024));
        yield return Refused(ids, "40 KB key", active + new string('0', 40 * 1024));
        yield return Refused(ids, "1 MB key", active + new string('0', 1 << 20));
    }

    /// <summary>Characters that are not lower-case hex, where the id and the secret begin, middle and end.</summary>
    private IEnumerable<CredentialCase> Characters(CaseIds ids)
    {
        var active = keys.Active;
        yield return Refused(ids, "upper-case hex throughout", ApiKeyFormat.Prefix + active[ApiKeyFormat.Prefix.Length..].ToUpperInvariant());
        yield return Refused(ids, "upper-case id", ApiKeyFormat.Prefix + active[ApiKeyFormat.Prefix.Length..(SecretStart - 1)].ToUpperInvariant() + active[(SecretStart - 1)..]);
        yield return Refused(ids, "upper-case secret", active[..SecretStart] + active[SecretStart..].ToUpperInvariant());
        yield return Refused(ids, "the whole key upper-case", active.ToUpperInvariant());
        var positions = new (string Label, int Index)[]
        {
            ("first of the id", 4), ("middle of the id", 12), ("last of the id", SecretStart - 2),
            ("first of the secret", SecretStart), ("middle of the secret", SecretStart + 32), ("last of the secret", active.Length - 1),
        };
        foreach (var (label, index) in positions)
        {
            foreach (var c in new[] { 'g', 'z', 'G', '-', '_', '.', ' ', '%', '+', 'é', '\u00a0' })
            {
                yield return Refused(ids, $"'{c}' as the {label}", Replace(active, index, c));
            }
            if (char.IsAsciiLetterLower(active[index]))
            {
                yield return Refused(ids, $"the {label} upper-case", Replace(active, index, char.ToUpperInvariant(active[index])));
            }
        }
    }

    /// <summary>
    /// Well-formed keys that do not verify: unknown ids (sampled), and the active key's id with a secret differing in
    /// its first, middle or last character, or anywhere (sampled). All get the one message an unknown id gets.
    /// </summary>
    private IEnumerable<CredentialCase> Secrets(CaseIds ids, Random random, CorpusSettings settings)
    {
        var active = keys.Active;
        foreach (var (label, index) in new[] { ("first", SecretStart), ("middle", SecretStart + 32), ("last", active.Length - 1) })
        {
            yield return Refused(ids, $"wrong secret, {label} character", Replace(active, index, OtherHex(active[index], 1)), NotValid);
            yield return Refused(ids, $"wrong secret, {label} character off by 8", Replace(active, index, OtherHex(active[index], 8)), NotValid);
        }
        yield return Refused(ids, "wrong secret, all zeros", active[..SecretStart] + new string('0', 64), NotValid);
        yield return Refused(ids, "the revoked key's secret on the active id", active[..SecretStart] + keys.Revoked[SecretStart..], NotValid);
        yield return Refused(ids, "the active key's secret on the revoked id", keys.Revoked[..SecretStart] + active[SecretStart..], NotValid);
        for (var i = 0; i < settings.Sample(40); i++)
        {
            var index = random.Next(SecretStart, active.Length);
            yield return Refused(ids, $"wrong secret at {index}", Replace(active, index, OtherHex(active[index], random.Next(1, 16))), NotValid);
        }
        for (var i = 0; i < settings.Sample(40); i++)
        {
            yield return Refused(ids, $"unknown id {i}", IssuedKeys.Key(random), NotValid);
        }
        for (var i = 0; i < settings.Sample(10); i++)
        {
            var index = random.Next(4, SecretStart - 1);
            yield return Refused(ids, $"the active key's id changed at {index}", Replace(active, index, OtherHex(active[index], random.Next(1, 16))), NotValid);
        }
    }

    private IEnumerable<CredentialCase> Placement(CaseIds ids)
    {
        var active = keys.Active;
        yield return CredentialCase.Refused(ids.Next("two x-api-key headers, both the key"), Request(Key, (Header, active), (Header, active)), Malformed);
        yield return CredentialCase.Refused(ids.Next("two x-api-key headers, the key first"), Request(Key, (Header, active), (Header, "garbage")), Malformed);
        yield return CredentialCase.Refused(ids.Next("two x-api-key headers, the key second"), Request(Key, (Header, "garbage"), (Header, active)), Malformed);
        yield return CredentialCase.Refused(ids.Next("two x-api-key headers, two keys"), Request(Key, (Header, active), (Header, keys.Revoked)), Malformed);
        yield return Refused(ids, "two keys in one header", $"{active},{active}");
        yield return Refused(ids, "two keys in one header, spaced", $"{active}, {active}");
        yield return CredentialCase.Refused(ids.Next("the key as a bearer token"), Request(Key, ("Authorization", $"Bearer {active}")), "this route requires credentials");
        yield return CredentialCase.Refused(ids.Next("the key in the query"), Request($"{Key}?api_key={active}"), "this route requires credentials");
        yield return CredentialCase.Refused(ids.Next("the key in X_Api_Key"), Request(Key, ("X_Api_Key", active)), "this route requires credentials");
        yield return CredentialCase.Refused(ids.Next("the key in Api-Key"), Request(Key, ("Api-Key", active)), "this route requires credentials");
        yield return CredentialCase.Refused(ids.Next("the key on the token route"), Request(Token, (Header, active)), "this route requires credentials");
        yield return Refused(ids, "the key quoted", $"\"{active}\"");
        yield return Refused(ids, "the key with a space inside", active.Insert(30, " "));
        yield return Refused(ids, "Bearer and the key", $"Bearer {active}");
    }

    /// <summary>Random damage: one character replaced by any printable ASCII, removed, or added.</summary>
    private IEnumerable<CredentialCase> Mutations(CaseIds ids, Random random, CorpusSettings settings)
    {
        var active = keys.Active;
        for (var i = 0; i < settings.Sample(100); i++)
        {
            var index = random.Next(active.Length);
            var c = (char)random.Next(0x21, 0x7F);
            var (label, key) = random.Next(3) switch
            {
                0 when c != active[index] => ($"random: '{c}' at {index}", Replace(active, index, c)),
                1 => ($"random: without character {index}", active.Remove(index, 1)),
                _ => ($"random: '{c}' inserted at {index}", active.Insert(index, c.ToString())),
            };
            // A replacement by another lower-case hex digit is a well-formed key that does not verify.
            var wellFormed = ApiKeyFormat.TryReadId(key, out _);
            yield return Refused(ids, label, key, wellFormed ? NotValid : Malformed);
        }
    }

    private static string Replace(string key, int index, char c) => key.Remove(index, 1).Insert(index, c.ToString());

    private static char OtherHex(char digit, int offset) => "0123456789abcdef"[(Convert.ToInt32(digit.ToString(), 16) + offset) % 16];
}
