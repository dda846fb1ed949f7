using Gateway.Configuration;
using Gateway.Infra.Functions;

namespace Gateway.Infra;

/// <summary>What an API in front of the functions is built from: the HTTP API and the optional REST API front alike.</summary>
public sealed record ApiFrontProps
{
    public required GatewayConfig Config { get; init; }

    public required StageConfig Stage { get; init; }

    public required StageProfile Profile { get; init; }

    public required GatewayFunctions Functions { get; init; }
}
