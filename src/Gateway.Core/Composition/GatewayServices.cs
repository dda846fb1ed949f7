using Gateway.Identity;
using Gateway.Observability;
using Gateway.State;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Gateway.Composition;

/// <summary>
/// What a host hands the gateway: the shared upstream client, the clock, logging and the pieces that differ between
/// hosts. Wired by hand rather than through a DI container: Lambda pays for every millisecond of start-up.
/// </summary>
public sealed record GatewayServices
{
    public required HttpClient UpstreamClient { get; init; }

    public TimeProvider Time { get; init; } = TimeProvider.System;

    public ILoggerFactory LoggerFactory { get; init; } = NullLoggerFactory.Instance;

    /// <summary>Authenticates requests in-process; null behind API Gateway, whose authorizer already did.</summary>
    public IEdgeAuthenticator? Authenticator { get; init; }

    /// <summary>Rate-limit and quota counters shared by every instance (DynamoDB); null: in this process only.</summary>
    public ICounterStore? Counters { get; init; }

    /// <summary>Circuit-breaker state shared by every instance (DynamoDB); null: in this process only.</summary>
    public IBreakerStore? Breakers { get; init; }

    /// <summary>
    /// Whether the host can write an answer as it arrives (<c>serve</c>). The Lambda host cannot: its response is one
    /// payload. When true, a route whose policies need no response body (see <see cref="Policies.BodyNeeds"/>) streams it.
    /// </summary>
    public bool StreamsResponses { get; init; }

    /// <summary>Observers that see each completed request, in order.</summary>
    public IReadOnlyList<IRequestObserver> Observers { get; init; } = [];
}
