using Gateway.Policies;

namespace Gateway.Configuration.Sections;

/// <summary>Reads a <c>policies:</c> mapping, handing each entry to the policy that understands it.</summary>
internal static class PoliciesSection
{
    public static IReadOnlyList<PolicyDefinition> Read(ConfigNode node, PolicyCatalog catalog)
    {
        var definitions = new List<PolicyDefinition>();
        foreach (var (name, settings) in node.Entries())
        {
            if (!catalog.TryGet(name, out var factory))
            {
                settings.Error($"unknown policy{Suggestions.DidYouMean(name, catalog.Names)} (known: {string.Join(", ", catalog.Names)})");
                continue;
            }
            if (factory.ReadSettings(settings) is { } validated)
            {
                definitions.Add(new PolicyDefinition(factory, validated, settings.Path, settings.Line));
            }
        }
        return definitions;
    }

    /// <summary>A route's policies: the defaults it does not override, then its own.</summary>
    public static IReadOnlyList<PolicyDefinition> Merge(IReadOnlyList<PolicyDefinition> defaults, IReadOnlyList<PolicyDefinition> own) =>
        defaults.Where(d => own.All(o => o.Name != d.Name)).Concat(own).ToArray();
}
