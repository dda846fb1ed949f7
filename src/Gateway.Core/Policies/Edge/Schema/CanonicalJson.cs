using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Gateway.Policies.Edge.Schema;

/// <summary>
/// A JSON value written so that two values are equal by JSON Schema's rules exactly when their texts are equal:
/// object members sorted by name, strings unescaped (and length-prefixed, so nothing is ambiguous), numbers by their
/// exact decimal value (<c>1</c>, <c>1.0</c> and <c>10e-1</c> are one number; no rounding through double). Writing it
/// costs O(n log n) for a value of n bytes (the sort), which is what lets <c>uniqueItems</c>, <c>enum</c> and
/// <c>const</c> compare through a hash set instead of comparing every pair.
/// </summary>
internal static class CanonicalJson
{
    public static string Of(JsonElement value)
    {
        var text = new StringBuilder();
        Write(value, text);
        return text.ToString();
    }

    private static void Write(JsonElement value, StringBuilder text)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Object:
                var members = value.EnumerateObject().ToArray();
                Array.Sort(members, static (a, b) => string.CompareOrdinal(a.Name, b.Name));
                text.Append('{');
                foreach (var member in members)
                {
                    WriteString(member.Name, text);
                    Write(member.Value, text);
                }
                text.Append('}');
                break;
            case JsonValueKind.Array:
                text.Append('[');
                foreach (var item in value.EnumerateArray())
                {
                    Write(item, text);
                }
                text.Append(']');
                break;
            case JsonValueKind.String:
                WriteString(value.GetString()!, text);
                break;
            case JsonValueKind.Number:
                WriteNumber(value.GetRawText(), text);
                break;
            case JsonValueKind.True:
                text.Append('t');
                break;
            case JsonValueKind.False:
                text.Append('f');
                break;
            default:
                text.Append('n');
                break;
        }
    }

    private static void WriteString(string value, StringBuilder text) =>
        text.Append('s').Append(value.Length.ToString(CultureInfo.InvariantCulture)).Append(':').Append(value);

    /// <summary>A JSON number as <c>d[-]DIGITSeEXPONENT;</c> with no leading or trailing zeros in DIGITS (zero is <c>d0;</c>).</summary>
    private static void WriteNumber(string raw, StringBuilder text)
    {
        var negative = raw[0] == '-';
        var body = negative ? raw.AsSpan(1) : raw.AsSpan();
        var exponentAt = body.IndexOfAny('e', 'E');
        long exponent = 0;
        if (exponentAt >= 0)
        {
            // A JSON exponent too large for a long is far beyond anything two bodies could differ by usefully;
            // saturating keeps the form total without a failure path.
            exponent = long.TryParse(body[(exponentAt + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var parsed)
                ? parsed
                : body[exponentAt + 1] == '-' ? long.MinValue / 2 : long.MaxValue / 2;
            body = body[..exponentAt];
        }
        var point = body.IndexOf('.');
        var digits = new StringBuilder(body.Length);
        if (point >= 0)
        {
            digits.Append(body[..point]).Append(body[(point + 1)..]);
            exponent -= body.Length - point - 1;
        }
        else
        {
            digits.Append(body);
        }
        var start = 0;
        while (start < digits.Length && digits[start] == '0')
        {
            start++;
        }
        var end = digits.Length;
        while (end > start && digits[end - 1] == '0')
        {
            end--;
            exponent++;
        }
        if (start == end)
        {
            text.Append("d0;");
            return;
        }
        text.Append('d').Append(negative ? "-" : string.Empty).Append(digits, start, end - start)
            .Append('e').Append(exponent.ToString(CultureInfo.InvariantCulture)).Append(';');
    }
}
