namespace Gateway.Configuration.Sections;

/// <summary>"Did you mean …?" for misspelt names in the configuration.</summary>
internal static class Suggestions
{
    public static string DidYouMean(string typed, IEnumerable<string> known)
    {
        var best = known
            .Select(candidate => (candidate, distance: Distance(typed, candidate)))
            .Where(pair => pair.distance <= Math.Max(2, typed.Length / 3))
            .OrderBy(pair => pair.distance)
            .Select(pair => pair.candidate)
            .FirstOrDefault();
        return best is null ? string.Empty : $" (did you mean \"{best}\"?)";
    }

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
