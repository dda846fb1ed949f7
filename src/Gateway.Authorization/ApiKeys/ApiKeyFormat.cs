using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text;

namespace Gateway.Authorization.ApiKeys;

/// <summary>
/// Tenant API keys: <c>gwk_</c>, a 16-hex-digit key id, <c>_</c>, then 64 hex digits (256 random bits), e.g.
/// <c>gwk_3f9c0a1b2c3d4e5f_9b…</c>. The prefix makes a leaked key recognisable (secret scanners, logs); the id lets
/// the authorizer find the key with one <c>GetItem</c> and lets people name a key without holding it. Only the
/// SHA-256 of the whole key is stored: 256 random bits need no salt or slow hash.
/// </summary>
public static class ApiKeyFormat
{
    public const string Prefix = "gwk_";
    private const int IdBytes = 8;
    private const int SecretBytes = 32;
    private const int IdLength = IdBytes * 2;
    public const int Length = 4 + IdLength + 1 + (SecretBytes * 2);

    /// <summary>A new key and its id, from the operating system's cryptographic random source.</summary>
    public static (string Key, string Id) Generate()
    {
        var id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(IdBytes));
        return ($"{Prefix}{id}_{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(SecretBytes))}", id);
    }

    /// <summary>The key id inside a presented key; false when the key is not in this format at all.</summary>
    public static bool TryReadId(string key, [NotNullWhen(true)] out string? id)
    {
        id = null;
        if (key.Length != Length || !key.StartsWith(Prefix, StringComparison.Ordinal) || key[Prefix.Length + IdLength] != '_'
            || !IsLowerHex(key.AsSpan(Prefix.Length, IdLength)) || !IsLowerHex(key.AsSpan(Prefix.Length + IdLength + 1)))
        {
            return false;
        }
        id = key.Substring(Prefix.Length, IdLength);
        return true;
    }

    public static bool IsKeyId(string value) => value.Length == IdLength && IsLowerHex(value);

    public static string Hash(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    /// <summary>Whether <paramref name="key"/> hashes to <paramref name="storedHash"/>, in time independent of where they differ.</summary>
    public static bool Matches(string key, string storedHash)
    {
        Span<byte> presented = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(key), presented);
        Span<byte> stored = stackalloc byte[SHA256.HashSizeInBytes];
        return Convert.FromHexString(storedHash, stored, out _, out var written) == System.Buffers.OperationStatus.Done
            && written == stored.Length
            && CryptographicOperations.FixedTimeEquals(presented, stored);
    }

    public static string LastFour(string key) => key[^4..];

    private static bool IsLowerHex(ReadOnlySpan<char> value) => !value.ContainsAnyExcept("0123456789abcdef");
}
