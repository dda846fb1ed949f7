using Gateway.Testing;

namespace Gateway.HostileInputTests.Configuration;

/// <summary>
/// Valid configurations the mutations start from: the sample every host runs, the infrastructure tests' file, and
/// one that sets every field the loader reads.
/// </summary>
public static class ConfigSamples
{
    public static IReadOnlyList<(string Name, string Text)> All { get; } =
    [
        ("gateway.yaml", File.ReadAllText(RepositoryPaths.SampleConfig)),
        ("gateway.infra-test.yaml", File.ReadAllText(Path.Combine(RepositoryPaths.Root, "tests", "Gateway.Infra.Tests", "gateway.infra-test.yaml"))),
        ("every-field.yaml", File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Configuration", "Samples", "every-field.yaml"))),
    ];
}
