using Gateway.Configuration;
using Gateway.Infra.Functions;
using Gateway.Infra.Scale;

namespace Gateway.Infra;

/// <summary>What an API in front of the functions is built from: the HTTP API and the optional REST API front alike.</summary>
public sealed record ApiFrontProps
{
    public required GatewayConfig Config { get; init; }

    public required StageConfig Stage { get; init; }

    public required StageProfile Profile { get; init; }

    public required GatewayFunctions Functions { get; init; }

    /// <summary>Where the front's per-route resources go: the stack while it has room, then nested stacks.</summary>
    public required RouteStacks RouteStacks { get; init; }
}
