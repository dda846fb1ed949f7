using Gateway.Policies.Transforms;

namespace Gateway.Configuration;

/// <summary>A composed route: the calls it makes in parallel, whose JSON answers it merges into one object.</summary>
public sealed record CompositionConfig(IReadOnlyList<CompositionPart> Parts)
{
    /// <summary>The services called, for logs and state: "orders+customers".</summary>
    public string ServiceNames => string.Join('+', Parts.Select(p => p.Service).Distinct());
}

/// <summary>
/// One call of a composed route: a GET to <see cref="Path"/> (a template; values are percent-encoded) and
/// <see cref="Query"/> on <see cref="Service"/>, its answer under <see cref="Name"/> in the merged object.
/// </summary>
public sealed record CompositionPart(string Name, string Service, ValueTemplate Path, ValueTemplate? Query, UpstreamTimeouts Timeouts, bool Required);
