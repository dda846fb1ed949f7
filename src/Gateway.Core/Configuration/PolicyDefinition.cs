using Gateway.Policies;

namespace Gateway.Configuration;

/// <summary>A policy as configured: the factory that understands it and its validated settings.</summary>
public sealed record PolicyDefinition(IPolicyFactory Factory, object Settings, string Path, int Line)
{
    public string Name => Factory.Name;
}
