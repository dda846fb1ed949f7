namespace Gateway.Configuration.Sections;

/// <summary>"Did you mean …?" for misspelt names in the configuration.</summary>
internal static class Suggestions
{
    /// <summary><c> (did you mean "x"?)</c>, or nothing when no known name is close.</summary>
    public static string DidYouMean(string typed, IEnumerable<string> known) =>
        Closest(typed, known) is { } best ? $" (did you mean \"{best}\"?)" : string.Empty;

    /// <summary>The known name nearest to <paramref name="typed"/>, within a third of its length (at least 2 edits); null when none is.</summary>
    public static string? Closest(string typed, IEnumerable<string> known) => known
        .Select(candidate => (candidate, distance: Distance(typed, candidate)))
        .Where(pair => pair.distance <= Math.Max(2, typed.Length / 3))
        .OrderBy(pair => pair.distance)
        .Select(pair => pair.candidate)
        .FirstOrDefault();

    /// <summary>Levenshtein distance, two rows at a time.</summary>
    private static int Distance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }
        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
                current[j] = Math.Min(substitution, Math.Min(previous[j], current[j - 1]) + 1);
            }
            (previous, current) = (current, previous);
        }
        return previous[b.Length];
    }
}
