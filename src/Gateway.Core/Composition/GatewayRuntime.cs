using Gateway.Configuration;
using Gateway.Identity;
using Gateway.Observability;
using Gateway.Pipeline;
using Gateway.State;
using Microsoft.Extensions.Logging;

namespace Gateway.Composition;

/// <summary>
/// What one host runs the gateway with, chosen in one place (<see cref="GatewayRuntimeBuilder"/>): the host's limits,
/// the policy kinds and C# transforms configurations may name, the state backend, the observers and the upstream
/// transport. The configuration it serves is loaded with its builder's loader, which knows the same policy kinds.
/// </summary>
public sealed class GatewayRuntime
{
    private readonly Func<GatewayConfig, IStateBackend> _openState;
    private readonly IReadOnlyList<IRequestObserver> _observers;
    private readonly Lock _stateLock = new();
    private IStateBackend? _state;

    internal GatewayRuntime(HostProfile host, Func<GatewayConfig, IStateBackend> openState, IReadOnlyList<IRequestObserver> observers,
        HttpClient transport, ILoggerFactory loggerFactory, TimeProvider time)
    {
        Host = host;
        _openState = openState;
        _observers = observers;
        Transport = transport;
        LoggerFactory = loggerFactory;
        Time = time;
    }

    public HostProfile Host { get; }

    public HttpClient Transport { get; }

    public ILoggerFactory LoggerFactory { get; }

    public TimeProvider Time { get; }

    /// <summary>The shared state, opened for the first configuration served and kept across reloads (counts, breakers, keys so far).</summary>
    public IStateBackend State(GatewayConfig config)
    {
        lock (_stateLock)
        {
            return _state ??= _openState(config);
        }
    }

    /// <param name="authenticator">Checks callers in-process where no API Gateway authorizer stands in front (serve).</param>
    public GatewayHandler Build(GatewayConfig config, IEdgeAuthenticator? authenticator = null)
    {
        var state = State(config);
        return GatewayBuilder.Build(config, new GatewayServices
        {
            UpstreamClient = Transport,
            Time = Time,
            LoggerFactory = LoggerFactory,
            Authenticator = authenticator,
            Counters = state.Counters,
            Breakers = state.Breakers,
            StreamsResponses = Host.StreamsBodies,
            Observers = _observers,
        });
    }
}
