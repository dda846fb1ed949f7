using System.Buffers.Text;
using System.Text;
using Gateway.Testing;

namespace Gateway.HostileInputTests.Credentials;

/// <summary>The run's minted tokens, by spec name, with what each must get.</summary>
public sealed class MintedTokens(JoseTokens jose, IReadOnlyList<MintedSpec> specs, string secret)
{
    public JoseTokens Jose => jose;

    public IReadOnlyList<MintedSpec> Specs => specs;

    public string Secret => secret;

    public string this[string name] => jose[name];
}

/// <summary>
/// Compact JWS pieces, for reshaping minted tokens: base64url (the BCL's <see cref="Base64Url"/>) of a segment, and a
/// token rebuilt from parts. Nothing here signs: a reshaped token keeps the signature of the token it came from.
/// </summary>
public static class Jws
{
    public static string[] Parts(string token) => token.Split('.');

    public static string Encode(string text) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(text));

    public static string Encode(byte[] bytes) => Base64Url.EncodeToString(bytes);

    public static byte[] Decode(string part) => Base64Url.DecodeFromChars(part);

    /// <summary>The token with its header replaced by <paramref name="headerJson"/>, payload and signature kept.</summary>
    public static string WithHeader(string token, string headerJson)
    {
        var parts = Parts(token);
        return $"{Encode(headerJson)}.{parts[1]}.{parts[2]}";
    }

    public static string WithPart(string token, int index, string part)
    {
        var parts = Parts(token);
        parts[index] = part;
        return string.Join('.', parts);
    }

    /// <summary>One bit of a segment's decoded bytes flipped, re-encoded canonically (so the change is never lost in padding bits).</summary>
    public static string FlipBit(string token, int index, int bit)
    {
        var bytes = Decode(Parts(token)[index]);
        bytes[bit / 8 % bytes.Length] ^= (byte)(1 << (bit % 8));
        return WithPart(token, index, Encode(bytes));
    }
}
