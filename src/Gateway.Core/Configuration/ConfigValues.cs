using System.Globalization;

namespace Gateway.Configuration;

/// <summary>Parsing and formatting of the unit-bearing values the configuration uses.</summary>
public static class ConfigValues
{
    public static bool TryParseDuration(string text, out TimeSpan value)
    {
        value = default;
        var span = text.AsSpan().Trim();
        var unitStart = span.IndexOfAnyExcept("0123456789.");
        if (unitStart <= 0 ||
            !double.TryParse(span[..unitStart], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var amount))
        {
            return false;
        }
        double? milliseconds = span[unitStart..] switch
        {
            "ms" => amount,
            "s" => amount * 1_000,
            "m" => amount * 60_000,
            "h" => amount * 3_600_000,
            "d" => amount * 86_400_000,
            _ => null,
        };
        if (milliseconds is not { } ms || ms > TimeSpan.MaxValue.TotalMilliseconds)
        {
            return false;
        }
        value = TimeSpan.FromMilliseconds(ms);
        return true;
    }

    public static string FormatDuration(TimeSpan value) => value.TotalMilliseconds switch
    {
        var ms when ms % 86_400_000 == 0 && ms > 0 => $"{ms / 86_400_000}d",
        var ms when ms % 3_600_000 == 0 && ms > 0 => $"{ms / 3_600_000}h",
        var ms when ms % 60_000 == 0 && ms > 0 => $"{ms / 60_000}m",
        var ms when ms % 1_000 == 0 => $"{ms / 1_000}s",
        var ms => $"{ms}ms",
    };

    public static bool TryParseSize(string text, out long value)
    {
        value = 0;
        var span = text.AsSpan().Trim();
        var unitStart = span.IndexOfAnyExcept("0123456789");
        var digits = unitStart < 0 ? span : span[..unitStart];
        if (digits.IsEmpty || !long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var amount))
        {
            return false;
        }
        long? multiplier = unitStart < 0 ? 1 : span[unitStart..].Trim() switch
        {
            "B" => 1,
            "KB" or "KiB" => 1L << 10,
            "MB" or "MiB" => 1L << 20,
            "GB" or "GiB" => 1L << 30,
            _ => null,
        };
        if (multiplier is not { } m || amount > long.MaxValue / m)
        {
            return false;
        }
        value = amount * m;
        return true;
    }
}
