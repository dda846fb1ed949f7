namespace Gateway.Observability;

/// <summary>
/// Random hex for ids that correlate records (request ids, trace and span ids): they must not collide, but they
/// guard nothing, so a per-thread pseudo-random generator seeded once from the operating system serves. A secure
/// generator here cost two system calls per request on Linux (an OpenSSL fork check and a read of the kernel's
/// generator), which was all that separated serve's system calls per request from a bare YARP proxy's. Anything
/// that is a secret (API keys) keeps using <see cref="System.Security.Cryptography.RandomNumberGenerator"/>.
/// </summary>
public static class CorrelationIds
{
    /// <summary>Writes <paramref name="destination"/>.Length / 2 random bytes into it as lowercase hex.</summary>
    public static void FillHex(Span<char> destination)
    {
        Span<byte> random = stackalloc byte[destination.Length / 2];
        Random.Shared.NextBytes(random);
        Convert.TryToHexStringLower(random, destination, out _);
    }

    /// <summary>A new id of 32 lowercase hex digits (128 random bits), the shape of a <c>Guid</c> formatted "N".</summary>
    public static string New128() => string.Create(32, 0, static (chars, _) => FillHex(chars));
}
