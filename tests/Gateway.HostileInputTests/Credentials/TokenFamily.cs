using System.Text;
using Gateway.HostileInputTests.Corpus;
using Gateway.HostileInputTests.Requests;
using static Gateway.HostileInputTests.Credentials.CredentialRoutes;

namespace Gateway.HostileInputTests.Credentials;

/// <summary>
/// Bearer tokens: every minted token (controls and signed attacks) on both token routes, then reshaped ones: segment
/// counts and empty segments, characters base64url lacks, padding, headers and payloads that are not JSON objects,
/// <c>alg</c> values and swaps, stripped, cut, extended and bit-flipped signatures, unknown kids (sampled), Bearer
/// spellings, credentials in the wrong place, sizes up to 1 MB, and sampled random mutations of the controls.
/// </summary>
public sealed class TokenFamily(MintedTokens tokens) : ICredentialFamily
{
    public const string FamilyName = "tokens";

    private static readonly string[] Controls = ["hs256", "rs256", "es256"];

    public string Name => FamilyName;

    public IEnumerable<CredentialCase> Generate(CorpusSettings settings)
    {
        var ids = new CaseIds(Name);
        var random = settings.RandomFor(Name);
        return Minted(ids)
            .Concat(Segments(ids, random))
            .Concat(Algorithms(ids))
            .Concat(Signatures(ids, random, settings))
            .Concat(UnknownKids(ids, random, settings))
            .Concat(Schemes(ids))
            .Concat(Mutations(ids, random, settings))
            .Select(SizeAware);
    }

    private static HostileRequest Bearer(string token, string target = Token) => Request(target, ("Authorization", $"Bearer {token}"));

    private static CredentialCase Refused(CaseIds ids, string label, string token) => CredentialCase.Refused(ids.Next(label), Bearer(token));

    private IEnumerable<CredentialCase> Minted(CaseIds ids)
    {
        foreach (var (spec, verdict, identity) in tokens.Specs)
        {
            foreach (var target in new[] { Token, Scoped })
            {
                var request = Bearer(tokens[spec.Name], target);
                var label = $"{spec.Name} on {target}";
                yield return verdict switch
                {
                    TokenVerdict.Refused => CredentialCase.Refused(ids.Next(label), request),
                    TokenVerdict.ValidWithoutScope when target == Scoped => CredentialCase.Allowed(ids.Next(label), request, Expect.Forbidden),
                    _ => CredentialCase.Allowed(ids.Next(label), request, Forwarded(target, identity ?? Caller())),
                };
            }
        }
    }

    /// <summary>Segment counts, empty segments, characters outside base64url, padding, and segments that are not JSON objects.</summary>
    private IEnumerable<CredentialCase> Segments(CaseIds ids, Random random)
    {
        var token = tokens["hs256"];
        var (header, payload, signature) = (Jws.Parts(token)[0], Jws.Parts(token)[1], Jws.Parts(token)[2]);
        var shapes = new (string Label, string Token)[]
        {
            ("1 part", header), ("1 part, the payload", payload), ("2 parts", $"{header}.{payload}"), ("4 parts", $"{token}.{signature}"),
            ("4 parts, last empty", $"{token}."), ("5 parts", $"{token}.{payload}.{signature}"), ("5 parts, empty", $"{token}.."),
            ("6 parts", $"{token}.{header}.{payload}.{signature}"), ("100 dots", token + new string('.', 100)), ("1000 dots", new string('.', 1000)),
            ("empty token", ""), (".", "."), ("..", ".."), ("...", "..."), ("....", "...."), ("no header", $".{payload}.{signature}"),
            ("no payload", $"{header}..{signature}"), ("no signature", $"{header}.{payload}."), ("only a signature", $"..{signature}"),
            ("JWE shape, dir", $"{Jws.Encode("""{"alg":"dir","enc":"A256GCM"}""")}..{payload}.{payload}.{signature}"),
            ("JWE shape, HS256", $"{Jws.Encode("""{"alg":"HS256","enc":"A128CBC-HS256"}""")}.{payload}.{payload}.{payload}.{signature}"),
            ("segments swapped", $"{payload}.{header}.{signature}"), ("signature first", $"{signature}.{header}.{payload}"),
            ("giant header within the size", Jws.WithHeader(token, $$"""{"alg":"HS256","typ":"JWT","x":"{{new string('x', 4000)}}"}""")),
            ("giant header, 30 KB", Jws.WithHeader(token, $$"""{"alg":"HS256","typ":"JWT","x":"{{new string('x', 30 * 1024)}}"}""")),
            ("1 MB of token", new string('A', 1 << 20)),
            ("1 MB of dots", new string('.', 1 << 20)),
        };
        foreach (var (label, shape) in shapes)
        {
            yield return Refused(ids, label, shape);
        }

        var names = new[] { "header", "payload", "signature" };
        foreach (var c in new[] { '+', '/', '=', '%', '*', '~', '!', '"', '\\', ' ', ',', ';', 'é', '\u00a0', '\u2028' })
        {
            for (var part = 0; part < 3; part++)
            {
                var text = Jws.Parts(token)[part];
                var at = random.Next(1, text.Length - 1);
                yield return Refused(ids, $"'{c}' inserted in the {names[part]} at {at}", Jws.WithPart(token, part, text.Insert(at, c.ToString())));
                yield return Refused(ids, $"'{c}' replacing the {names[part]}'s character {at}", Jws.WithPart(token, part, text.Remove(at, 1).Insert(at, c.ToString())));
            }
        }
        for (var part = 0; part < 3; part++)
        {
            var text = Jws.Parts(token)[part];
            // Padding on the signature leaves its bytes as they are (IdentityModel's decoder reads the one '=' the
            // 32-byte HMAC would have); on the header or payload it changes the signed text.
            yield return part == 2
                ? CredentialCase.Allowed(ids.Next("signature padded with ="), Bearer(Jws.WithPart(token, part, text + "=")), Forwarded(Token, Caller()))
                : Refused(ids, $"{names[part]} padded with =", Jws.WithPart(token, part, text + "="));
            yield return Refused(ids, $"{names[part]} padded with ==", Jws.WithPart(token, part, text + "=="));
            yield return Refused(ids, $"{names[part]} in standard base64", Jws.WithPart(token, part, text.Replace('-', '+').Replace('_', '/') + "+/"));
        }

        var notObjects = new[]
        {
            "not json", "{", "}", "[]", "[{}]", "\"HS256\"", "1", "null", "true", "{\"alg\":\"HS256\"", "\uFEFF{\"alg\":\"HS256\",\"typ\":\"JWT\"}",
            "{\"alg\":\"HS256\",\"alg\":\"none\"}", "{\"alg\":\"none\",\"alg\":\"HS256\"}", "{'alg':'HS256'}", "{\"alg\":\"HS256\"}garbage",
            "{\"alg\":\"HS256\",\"x\":" + new string('[', 5000) + new string(']', 5000) + "}",
        };
        foreach (var json in notObjects)
        {
            yield return Refused(ids, $"header {json}", Jws.WithPart(token, 0, Jws.Encode(json)));
            yield return Refused(ids, $"payload {json}", Jws.WithPart(token, 1, Jws.Encode(json)));
        }
        byte[] invalidUtf8 = [.. "{\"alg\":\"HS256\",\"x\":\""u8, 0xC0, 0xAE, 0xFF, .. "\"}"u8];
        yield return Refused(ids, "header of invalid UTF-8", Jws.WithPart(token, 0, Jws.Encode(invalidUtf8)));
        yield return Refused(ids, "payload of invalid UTF-8", Jws.WithPart(token, 1, Jws.Encode(invalidUtf8)));
        yield return Refused(ids, "header of NUL bytes", Jws.WithPart(token, 0, Jws.Encode(new byte[64])));
    }

    /// <summary><c>alg</c> in every spelling of none, others off the list, other JSON types, and swaps between the three algorithms.</summary>
    private IEnumerable<CredentialCase> Algorithms(CaseIds ids)
    {
        var token = tokens["hs256"];
        var algs = new[]
        {
            "\"none\"", "\"None\"", "\"NONE\"", "\"nOnE\"", "\"none \"", "\" none\"", "\"HS384\"", "\"HS512\"", "\"RS384\"", "\"RS512\"", "\"PS256\"",
            "\"ES384\"", "\"ES512\"", "\"EdDSA\"", "\"hs256\"", "\"HS256 \"", "\"HS256\\u0000\"", "\"\"", "null", "1", "true", "[\"HS256\"]", "{\"alg\":\"HS256\"}",
        };
        foreach (var alg in algs)
        {
            var header = $$"""{"alg":{{alg}},"typ":"JWT"}""";
            yield return Refused(ids, $"alg {alg}, signed", Jws.WithHeader(token, header));
            yield return Refused(ids, $"alg {alg}, unsigned", Jws.WithPart(Jws.WithHeader(token, header), 2, string.Empty));
        }
        yield return Refused(ids, "no alg, signed", Jws.WithHeader(token, """{"typ":"JWT"}"""));
        yield return Refused(ids, "no alg, unsigned", Jws.WithPart(Jws.WithHeader(token, """{"typ":"JWT"}"""), 2, string.Empty));
        yield return Refused(ids, "alg none on an RS256 token", Jws.WithPart(Jws.WithHeader(tokens["rs256"], """{"alg":"none"}"""), 2, string.Empty));

        var swaps = new (string Source, string Header)[]
        {
            ("rs256", """{"alg":"HS256","kid":"rsa-1"}"""), ("rs256", """{"alg":"HS256"}"""), ("rs256", """{"alg":"ES256","kid":"rsa-1"}"""),
            ("rs256", """{"alg":"ES256","kid":"ec-1"}"""), ("es256", """{"alg":"RS256","kid":"ec-1"}"""), ("es256", """{"alg":"RS256","kid":"rsa-1"}"""),
            ("es256", """{"alg":"HS256","kid":"ec-1"}"""), ("hs256", """{"alg":"RS256","kid":"rsa-1"}"""), ("hs256", """{"alg":"RS256"}"""),
            ("hs256", """{"alg":"ES256","kid":"ec-1"}"""), ("key-confusion", """{"alg":"RS256","kid":"rsa-1"}"""),
        };
        foreach (var (source, header) in swaps)
        {
            yield return Refused(ids, $"{source} under {header}", Jws.WithHeader(tokens[source], header));
        }
        foreach (var from in Controls)
        {
            foreach (var to in Controls.Where(other => other != from))
            {
                yield return Refused(ids, $"{from} with the signature of {to}", Jws.WithPart(tokens[from], 2, Jws.Parts(tokens[to])[2]));
            }
        }
    }

    /// <summary>Signatures stripped, cut, extended, replaced and bit-flipped, on each algorithm.</summary>
    private IEnumerable<CredentialCase> Signatures(CaseIds ids, Random random, CorpusSettings settings)
    {
        foreach (var name in Controls)
        {
            var token = tokens[name];
            var signature = Jws.Decode(Jws.Parts(token)[2]);
            var variants = new (string Label, byte[] Bytes)[]
            {
                ("empty", []), ("1 byte", signature[..1]), ("half", signature[..(signature.Length / 2)]), ("all but the last byte", signature[..^1]),
                ("all but the first byte", signature[1..]), ("one byte more", [.. signature, 0]), ("twice", [.. signature, .. signature]),
                ("zeros", new byte[signature.Length]), ("0xFF", Enumerable.Repeat((byte)0xFF, signature.Length).ToArray()),
                ("reversed", signature.Reverse().ToArray()),
            };
            foreach (var (label, bytes) in variants)
            {
                yield return Refused(ids, $"{name} signature {label}", Jws.WithPart(token, 2, Jws.Encode(bytes)));
            }
            foreach (var bit in new[] { 0, 7, (signature.Length * 8) - 1 })
            {
                yield return Refused(ids, $"{name} signature bit {bit} flipped", Jws.FlipBit(token, 2, bit));
            }
            for (var i = 0; i < settings.Sample(8); i++)
            {
                var bit = random.Next(signature.Length * 8);
                yield return Refused(ids, $"{name} signature bit {bit} flipped", Jws.FlipBit(token, 2, bit));
            }
            yield return Refused(ids, $"{name} signature as text", Jws.WithPart(token, 2, Jws.Parts(token)[2] + Jws.Parts(token)[2]));
        }
    }

    /// <summary>
    /// Kids the provider never published, each of which could make the gateway fetch the JWKS again; the test bounds
    /// the fetches by the minimum refresh interval.
    /// </summary>
    private IEnumerable<CredentialCase> UnknownKids(CaseIds ids, Random random, CorpusSettings settings)
    {
        for (var i = 0; i < settings.Sample(40); i++)
        {
            var kid = IssuedKeys.Hex(random, 8);
            var (source, alg) = i % 2 == 0 ? ("rs256", "RS256") : ("es256", "ES256");
            yield return Refused(ids, $"{source} under unknown kid {kid}", Jws.WithHeader(tokens[source], $$"""{"alg":"{{alg}}","kid":"{{kid}}"}"""));
        }
    }

    /// <summary>The Authorization header's scheme and spacing, and tokens sent where the route does not look.</summary>
    private IEnumerable<CredentialCase> Schemes(CaseIds ids)
    {
        var token = tokens["hs256"];
        var forwarded = Forwarded(Token, Caller());
        // RFC 9110 11.1 and 11.4: the scheme is case-insensitive, and one or more spaces separate it from the token.
        foreach (var value in new[] { $"bearer {token}", $"BEARER {token}", $"bEaReR {token}", $"Bearer  {token}", $"Bearer    {token}", $"Bearer {token} ", $" Bearer {token}" })
        {
            yield return CredentialCase.Allowed(ids.Next($"Authorization: {value.Replace(token, "<hs256>", StringComparison.Ordinal)}"), Request(Token, ("Authorization", value)), forwarded);
        }
        var basic = Convert.ToBase64String(Encoding.UTF8.GetBytes("user-1:password"));
        var refused = new[]
        {
            $"Basic {basic}", $"Basic {token}", $"Token {token}", $"JWT {token}", $"Negotiate {token}", $"Digest {token}", $"Bearer{token}", "Bearer",
            "Bearer ", "", " ", token, $"Bearer\t{token}", $"Bearer {token} extra", $"Bearer {token},", $"Bearer Bearer {token}", $"Bearer \"{token}\"",
            $"Bearer: {token}", $"Bearer={token}", $"Bearer,{token}", $"Bearer {token}, Bearer {token}", $"Bearer {token};", $"Bearer {tokens["alg-none"]}",
        };
        foreach (var value in refused)
        {
            yield return CredentialCase.Refused(ids.Next($"Authorization: {value.Replace(token, "<hs256>", StringComparison.Ordinal)}"), Request(Token, ("Authorization", value)));
        }
        yield return CredentialCase.Refused(ids.Next("no Authorization"), Request(Token), "this route requires credentials");
        yield return CredentialCase.Refused(ids.Next("no Authorization on the scoped route"), Request(Scoped), "this route requires credentials");
        // Two Authorization headers are one ambiguous credential: API Gateway joins them with a comma, and so must serve.
        foreach (var (first, second) in new[] { (token, token), (token, "garbage"), ("garbage", token), (token, tokens["rs256"]) })
        {
            var label = $"two Authorization headers {(first == token ? "<hs256>" : first[..Math.Min(first.Length, 8)])}, {(second == token ? "<hs256>" : second[..Math.Min(second.Length, 8)])}";
            yield return CredentialCase.Refused(ids.Next(label), Request(Token, ("Authorization", $"Bearer {first}"), ("Authorization", $"Bearer {second}")));
        }
        yield return CredentialCase.Refused(ids.Next("token in x-api-key"), Request(Token, ("x-api-key", token)));
        yield return CredentialCase.Refused(ids.Next("token in the query"), Request($"{Token}?access_token={token}"));
        yield return CredentialCase.Refused(ids.Next("token in a cookie"), Request(Token, ("Cookie", $"access_token={token}")));
        yield return CredentialCase.Refused(ids.Next("token in X-Authorization"), Request(Token, ("X-Authorization", $"Bearer {token}")));
        yield return CredentialCase.Refused(ids.Next("token on the API key route"), Bearer(token, Key));
    }

    /// <summary>Random damage to the controls: a bit of any segment, a cut, a character removed or added.</summary>
    private IEnumerable<CredentialCase> Mutations(CaseIds ids, Random random, CorpusSettings settings)
    {
        const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.=+/ ";
        for (var i = 0; i < settings.Sample(150); i++)
        {
            var name = Controls[random.Next(Controls.Length)];
            var token = tokens[name];
            switch (random.Next(4))
            {
                case 0:
                    var part = random.Next(3);
                    var bit = random.Next(Jws.Decode(Jws.Parts(token)[part]).Length * 8);
                    yield return Refused(ids, $"random: {name} segment {part} bit {bit} flipped", Jws.FlipBit(token, part, bit));
                    break;
                case 1:
                    var length = random.Next(1, token.Length);
                    yield return Refused(ids, $"random: {name} cut to {length} characters", token[..length]);
                    break;
                case 2:
                    var removed = random.Next(token.Length);
                    yield return Refused(ids, $"random: {name} without character {removed}", token.Remove(removed, 1));
                    break;
                default:
                    var at = random.Next(1, token.Length);
                    var c = Alphabet[random.Next(Alphabet.Length)];
                    yield return Refused(ids, $"random: {name} with '{c}' inserted at {at}", token.Insert(at, c.ToString()));
                    break;
            }
        }
    }
}
