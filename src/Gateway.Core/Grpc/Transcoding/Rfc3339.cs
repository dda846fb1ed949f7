using System.Globalization;

namespace Gateway.Grpc.Transcoding;

/// <summary>The ProtoJSON text forms of Timestamp (RFC 3339) and Duration ("1.5s"), both ways.</summary>
internal static class Rfc3339
{
    /// <summary>0001-01-01T00:00:00Z and 9999-12-31T23:59:59.999999999Z, the range Timestamp allows.</summary>
    public const long MinSeconds = -62135596800;
    public const long MaxSeconds = 253402300799;

    /// <summary>±10,000 years, the range Duration allows.</summary>
    public const long MaxDurationSeconds = 315576000000;

    public static (long Seconds, int Nanos) ParseTimestamp(ScalarInput input)
    {
        const string Expected = "a timestamp (RFC 3339, such as \"2024-01-31T10:00:00.5Z\")";
        var text = input.ReadString();
        if (text.Length < 20 || text[4] != '-' || text[7] != '-' || text[10] != 'T' || text[13] != ':' || text[16] != ':' ||
            !DateTime.TryParseExact(text.AsSpan(0, 19), "yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var date))
        {
            throw input.Expected(Expected);
        }
        var position = 19;
        var nanos = 0;
        if (text[position] == '.')
        {
            if (!TryParseFraction(text, ref position, out nanos))
            {
                throw input.Expected(Expected);
            }
        }
        long offsetSeconds = 0;
        var rest = text.AsSpan(position);
        if (rest is not "Z")
        {
            if (rest.Length != 6 || rest[0] is not ('+' or '-') || rest[3] != ':' ||
                !int.TryParse(rest.Slice(1, 2), NumberStyles.None, CultureInfo.InvariantCulture, out var hours) ||
                !int.TryParse(rest.Slice(4, 2), NumberStyles.None, CultureInfo.InvariantCulture, out var minutes) || hours > 23 || minutes > 59)
            {
                throw input.Expected(Expected);
            }
            offsetSeconds = (hours * 3600 + minutes * 60) * (rest[0] == '-' ? -1 : 1);
        }
        var seconds = (date.Ticks - DateTime.UnixEpoch.Ticks) / TimeSpan.TicksPerSecond - offsetSeconds;
        if (seconds < MinSeconds || seconds > MaxSeconds)
        {
            throw new TranscodingException(string.Empty, "the timestamp is outside 0001-01-01 to 9999-12-31");
        }
        return (seconds, nanos);
    }

    public static (long Seconds, int Nanos) ParseDuration(ScalarInput input)
    {
        const string Expected = "a duration (seconds with up to 9 decimals and an \"s\", such as \"1.5s\")";
        var text = input.ReadString();
        if (text.Length < 2 || text[^1] != 's')
        {
            throw input.Expected(Expected);
        }
        var negative = text[0] == '-';
        var start = negative ? 1 : 0;
        var dot = text.IndexOf('.');
        var end = dot < 0 ? text.Length - 1 : dot;
        if (end == start || !long.TryParse(text.AsSpan(start, end - start), NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
        {
            throw input.Expected(Expected);
        }
        var nanos = 0;
        if (dot >= 0)
        {
            var position = dot;
            if (!TryParseFraction(text, ref position, out nanos) || position != text.Length - 1)
            {
                throw input.Expected(Expected);
            }
        }
        if (seconds > MaxDurationSeconds)
        {
            throw new TranscodingException(string.Empty, "the duration is longer than 10,000 years");
        }
        return negative ? (-seconds, -nanos) : (seconds, nanos);
    }

    /// <summary>Reads ".d{1,9}" at <paramref name="position"/> as nanoseconds.</summary>
    private static bool TryParseFraction(string text, ref int position, out int nanos)
    {
        nanos = 0;
        var digits = 0;
        position++;
        while (position < text.Length && char.IsAsciiDigit(text[position]))
        {
            if (++digits > 9)
            {
                return false;
            }
            nanos = nanos * 10 + (text[position] - '0');
            position++;
        }
        for (var i = digits; i < 9; i++)
        {
            nanos *= 10;
        }
        return digits > 0;
    }

    public static int FormatTimestamp(long seconds, int nanos, Span<char> destination)
    {
        if (seconds < MinSeconds || seconds > MaxSeconds || nanos is < 0 or > 999_999_999)
        {
            throw new WireFormatException("a Timestamp is out of range");
        }
        var date = DateTime.UnixEpoch.AddSeconds(seconds);
        date.TryFormat(destination, out var written, "yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture);
        written += FormatNanos(nanos, destination[written..]);
        destination[written++] = 'Z';
        return written;
    }

    public static int FormatDuration(long seconds, int nanos, Span<char> destination)
    {
        if (seconds < -MaxDurationSeconds || seconds > MaxDurationSeconds || nanos is < -999_999_999 or > 999_999_999 ||
            (seconds < 0 && nanos > 0) || (seconds > 0 && nanos < 0))
        {
            throw new WireFormatException("a Duration is out of range");
        }
        var written = 0;
        if (seconds < 0 || nanos < 0)
        {
            destination[written++] = '-';
        }
        Math.Abs(seconds).TryFormat(destination[written..], out var digits, default, CultureInfo.InvariantCulture);
        written += digits;
        written += FormatNanos(Math.Abs(nanos), destination[written..]);
        destination[written++] = 's';
        return written;
    }

    /// <summary>None, or 3, 6 or 9 digits: as few as show the value, the way ProtoJSON writers print them.</summary>
    private static int FormatNanos(int nanos, Span<char> destination)
    {
        if (nanos == 0)
        {
            return 0;
        }
        var (value, digits) = nanos % 1_000_000 == 0 ? (nanos / 1_000_000, 3) : nanos % 1_000 == 0 ? (nanos / 1_000, 6) : (nanos, 9);
        destination[0] = '.';
        value.TryFormat(destination.Slice(1, digits), out _, digits == 3 ? "D3" : digits == 6 ? "D6" : "D9", CultureInfo.InvariantCulture);
        return digits + 1;
    }
}
