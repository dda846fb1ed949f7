using System.Text;

namespace Gateway.HostileInputTests.Edge;

/// <summary>Respellings of ASCII text that a case-folding or percent-decoding reader takes for the same text.</summary>
public static class Spellings
{
    /// <summary>
    /// Every letter-case spelling of <paramref name="text"/> but itself that a reader folding case takes for it: lower,
    /// upper, title case, one letter flipped at each position, alternating, and <paramref name="sampled"/> drawn at random.
    /// </summary>
    public static IEnumerable<(string Label, string Text)> Case(string text, Random random, int sampled)
    {
        var spellings = new List<(string, string)>
        {
            ("lower", text.ToLowerInvariant()), ("upper", text.ToUpperInvariant()),
            ("title", char.ToUpperInvariant(text[0]) + text[1..].ToLowerInvariant()),
            ("alternating", new string(text.Select((c, i) => i % 2 == 0 ? char.ToLowerInvariant(c) : char.ToUpperInvariant(c)).ToArray())),
        };
        for (var i = 0; i < text.Length; i++)
        {
            spellings.Add(($"letter {i} flipped", text[..i] + Flip(text[i]) + text[(i + 1)..]));
        }
        for (var i = 0; i < sampled; i++)
        {
            spellings.Add(("random case", new string(text.Select(c => random.Next(2) == 0 ? Flip(c) : c).ToArray())));
        }
        return spellings.Where(s => s.Item2 != text && s.Item2.Any(char.IsAsciiLetter)).DistinctBy(s => s.Item2);
    }

    /// <summary>
    /// Percent-encodings of <paramref name="text"/>'s characters (all unreserved, so RFC 3986 says they mean the
    /// characters themselves): each one alone in upper- and lower-case hex, all of them in upper, lower and mixed hex,
    /// and <paramref name="sampled"/> random mixtures of escapes and letter case.
    /// </summary>
    public static IEnumerable<(string Label, string Text)> Escapes(string text, Random random, int sampled)
    {
        for (var i = 0; i < text.Length; i++)
        {
            yield return ($"char {i} escaped", text[..i] + Escape(text[i], upper: true) + text[(i + 1)..]);
            if (char.IsAsciiLetter(Hex(text[i])[1]))
            {
                yield return ($"char {i} escaped, lower hex", text[..i] + Escape(text[i], upper: false) + text[(i + 1)..]);
            }
        }
        yield return ("all escaped", string.Concat(text.Select(c => Escape(c, upper: true))));
        yield return ("all escaped, lower hex", string.Concat(text.Select(c => Escape(c, upper: false))));
        yield return ("all escaped, mixed hex", string.Concat(text.Select((c, i) => Escape(c, upper: i % 2 == 0))));
        for (var i = 0; i < sampled; i++)
        {
            var mixed = new StringBuilder();
            foreach (var c in text)
            {
                var letter = random.Next(2) == 0 ? Flip(c) : c;
                mixed.Append(random.Next(3) switch { 0 => letter.ToString(), 1 => Escape(letter, upper: true), _ => Escape(letter, upper: false) });
            }
            yield return ("random escapes and case", mixed.ToString());
        }
    }

    public static string Escape(char c, bool upper) => "%" + (upper ? Hex(c) : Hex(c).ToLowerInvariant());

    private static string Hex(char c) => ((int)c).ToString("X2", System.Globalization.CultureInfo.InvariantCulture);

    private static char Flip(char c) => char.IsAsciiLetterUpper(c) ? char.ToLowerInvariant(c) : char.ToUpperInvariant(c);
}
