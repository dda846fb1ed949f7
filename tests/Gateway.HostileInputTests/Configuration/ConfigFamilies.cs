namespace Gateway.HostileInputTests.Configuration;

/// <summary>The configuration families. A new family is one <see cref="IConfigFamily"/> and one line here.</summary>
public static class ConfigFamilies
{
    public static IReadOnlyList<IConfigFamily> All { get; } = [new ConfigMutationFamily(), new RandomYamlFamily(), new ConfigSpecialsFamily()];

    public static IConfigFamily Named(string name) => All.Single(family => family.Name == name);
}
