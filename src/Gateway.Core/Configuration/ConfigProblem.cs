namespace Gateway.Configuration;

/// <summary>One thing wrong with a configuration file, located by file, line and field path.</summary>
public sealed record ConfigProblem(string File, int Line, string Path, string Message)
{
    public override string ToString() =>
        Path.Length == 0 ? $"{File}:{Line}: {Message}" : $"{File}:{Line}: {Path}: {Message}";
}

/// <summary>The outcome of loading a configuration: a config, or every problem found in it.</summary>
public sealed record ConfigLoadResult(GatewayConfig? Config, IReadOnlyList<ConfigProblem> Problems)
{
    public bool Succeeded => Config is not null;

    /// <summary>The config, or an exception listing every problem (for hosts that cannot start without one).</summary>
    public GatewayConfig GetConfigOrThrow() => Config ?? throw new ConfigurationException(Problems);
}

/// <summary>Thrown by hosts that cannot start without a valid configuration. Its message lists every problem.</summary>
public sealed class ConfigurationException(IReadOnlyList<ConfigProblem> problems)
    : Exception("The gateway configuration is invalid:" + Environment.NewLine +
                string.Join(Environment.NewLine, problems.Select(p => "  " + p)))
{
    public IReadOnlyList<ConfigProblem> Problems { get; } = problems;
}
