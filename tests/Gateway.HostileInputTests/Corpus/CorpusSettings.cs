namespace Gateway.HostileInputTests.Corpus;

/// <summary>
/// The corpus's knobs, read from the environment once. The seed makes every generated case reproducible; the scale
/// multiplies the sampled families (1, CI's default, keeps the project within a few minutes); the case filter runs
/// only the cases whose id contains it, to replay one failure.
/// </summary>
public sealed record CorpusSettings(int Seed, int Scale, string? CaseFilter)
{
    public const int DefaultSeed = 8_2026;
    public const string SeedVariable = "HOSTILE_SEED";
    public const string ScaleVariable = "HOSTILE_SCALE";
    public const string CaseVariable = "HOSTILE_CASE";

    public static CorpusSettings Current { get; } = FromEnvironment(Environment.GetEnvironmentVariable);

    public static CorpusSettings FromEnvironment(Func<string, string?> environment) => new(
        int.TryParse(environment(SeedVariable), out var seed) ? seed : DefaultSeed,
        int.TryParse(environment(ScaleVariable), out var scale) && scale > 0 ? scale : 1,
        environment(CaseVariable) is { Length: > 0 } filter ? filter : null);

    /// <summary>A generator of its own per family, so that adding a family never changes another family's cases.</summary>
    public Random RandomFor(string family) => new(Seed ^ StableHash(family));

    /// <summary>How many cases a sampled family draws at this scale.</summary>
    public int Sample(int count) => count * Scale;

    public bool Selects(string caseId) => CaseFilter is null || caseId.Contains(CaseFilter, StringComparison.Ordinal);

    public override string ToString() => $"{SeedVariable}={Seed} {ScaleVariable}={Scale}";

    // string.GetHashCode is randomized per process; FNV-1a is not.
    private static int StableHash(string text)
    {
        var hash = 2166136261u;
        foreach (var c in text)
        {
            hash = (hash ^ c) * 16777619u;
        }
        return (int)hash;
    }
}
