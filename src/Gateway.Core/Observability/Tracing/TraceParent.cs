using Gateway.Http;

namespace Gateway.Observability.Tracing;

/// <summary>
/// W3C Trace Context (<c>traceparent</c>, <c>tracestate</c>). The gateway records no spans of its own, so a valid
/// incoming <c>traceparent</c> is passed on unchanged (replacing its parent id would point the upstream at a span
/// nobody recorded). A missing or malformed one is replaced with a new trace, and a <c>tracestate</c> that came with
/// a malformed one is dropped, as the specification requires.
/// </summary>
public static class TraceParent
{
    public const string HeaderName = "traceparent";
    public const string StateHeaderName = "tracestate";

    /// <summary>Makes sure the request carries a valid traceparent before it is forwarded.</summary>
    public static void Ensure(HeaderCollection headers)
    {
        var incoming = headers.Get(HeaderName);
        if (incoming is not null && IsValid(incoming))
        {
            return;
        }
        if (incoming is not null)
        {
            headers.Remove(StateHeaderName);
        }
        headers.Set(HeaderName, Generate());
    }

    /// <summary>version "00": <c>00-{32 hex trace id}-{16 hex parent id}-{2 hex flags}</c>, ids not all zero.</summary>
    public static bool IsValid(ReadOnlySpan<char> value)
    {
        // Future versions may append fields after the flags; version 00 may not. Version ff is forbidden.
        if (value.Length < 55 || value[2] != '-' || value[35] != '-' || value[52] != '-')
        {
            return false;
        }
        var version = value[..2];
        if (!IsLowerHex(version) || version is "ff" || (version is "00" && value.Length != 55) || (value.Length > 55 && value[55] != '-'))
        {
            return false;
        }
        var traceId = value[3..35];
        var parentId = value[36..52];
        var flags = value[53..55];
        return IsLowerHex(traceId) && IsLowerHex(parentId) && IsLowerHex(flags) && !IsAllZero(traceId) && !IsAllZero(parentId);
    }

    /// <summary>A new sampled trace: random trace and parent ids.</summary>
    public static string Generate() =>
        string.Create(55, 0, static (chars, _) =>
        {
            "00-".CopyTo(chars);
            CorrelationIds.FillHex(chars[3..35]);
            chars[35] = '-';
            CorrelationIds.FillHex(chars[36..52]);
            "-01".CopyTo(chars[52..]);
        });

    private static bool IsLowerHex(ReadOnlySpan<char> value)
    {
        foreach (var c in value)
        {
            if (!char.IsAsciiDigit(c) && c is not (>= 'a' and <= 'f'))
            {
                return false;
            }
        }
        return true;
    }

    private static bool IsAllZero(ReadOnlySpan<char> value) => !value.ContainsAnyExcept('0');
}
