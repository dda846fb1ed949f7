using System.Text;

namespace Gateway.HostileInputTests.Corpus;

/// <summary>Numbers a family's cases ("paths/0042 …") and labels them in a printable, bounded form.</summary>
public sealed class CaseIds(string family)
{
    private const int MaxLabel = 80;
    private int _next;

    public string Next(string label) => $"{family}/{++_next:D4} {Printable(label)}";

    /// <summary>Control characters escaped, long runs shortened, so that an id fits on a line and in a shell.</summary>
    public static string Printable(string text)
    {
        var builder = new StringBuilder();
        foreach (var c in text.Length > MaxLabel ? text[..MaxLabel] : text)
        {
            builder.Append(c switch
            {
                '\r' => "\\r",
                '\n' => "\\n",
                '\t' => "\\t",
                '\'' => "’",
                _ when char.IsControl(c) || char.IsSurrogate(c) => $"\\u{(int)c:x4}",
                _ => c.ToString(),
            });
        }
        return text.Length > MaxLabel ? $"{builder}…({text.Length} chars)" : builder.ToString();
    }
}
