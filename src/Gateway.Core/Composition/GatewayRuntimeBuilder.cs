using Gateway.Configuration;
using Gateway.Forwarding;
using Gateway.Grpc;
using Gateway.Observability;
using Gateway.Policies;
using Gateway.Policies.Transforms;
using Gateway.State;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Gateway.Composition;

/// <summary>
/// Chooses a host's <see cref="GatewayRuntime"/>: the one place every host (the Lambda functions, <c>serve</c>,
/// <c>config validate</c>, the CDK app) says what it runs the gateway with. Everything has a default — the built-in
/// policies, state in this process, no observers, the shared upstream client — so a host says only what differs. A
/// team adds its own policy kinds and C# transforms here, from its own assembly; the configurations this builder's
/// loader reads may then name them.
/// </summary>
public sealed class GatewayRuntimeBuilder(HostProfile host)
{
    private readonly List<IRequestObserver> _observers = [];
    private PolicyCatalog _catalog = PolicyCatalog.Default;
    private Func<GatewayConfig, IStateBackend>? _openState;
    private HttpClient? _transport;
    private ILoggerFactory _loggerFactory = NullLoggerFactory.Instance;
    private TimeProvider _time = TimeProvider.System;

    public GatewayRuntimeBuilder AddPolicies(params IEnumerable<IPolicyFactory> factories)
    {
        _catalog = _catalog.With(factories);
        return this;
    }

    public GatewayRuntimeBuilder AddTransforms(params IEnumerable<IGatewayTransform> transforms)
    {
        _catalog = _catalog.WithTransforms(transforms);
        return this;
    }

    /// <summary>The state backend, opened once for the first configuration (a store's call budget is a setting of it).</summary>
    public GatewayRuntimeBuilder UseState(Func<GatewayConfig, IStateBackend> open)
    {
        _openState = open;
        return this;
    }

    public GatewayRuntimeBuilder AddObservers(params IEnumerable<IRequestObserver> observers)
    {
        _observers.AddRange(observers);
        return this;
    }

    public GatewayRuntimeBuilder UseTransport(HttpClient client)
    {
        _transport = client;
        return this;
    }

    public GatewayRuntimeBuilder UseLogging(ILoggerFactory loggerFactory)
    {
        _loggerFactory = loggerFactory;
        return this;
    }

    public GatewayRuntimeBuilder UseTime(TimeProvider time)
    {
        _time = time;
        return this;
    }

    /// <summary>The loader that checks a configuration for this host and knows the policy kinds added so far.</summary>
    /// <param name="protos">How gRPC services' <c>.proto</c> files are read; by default their precompiled descriptor sets.</param>
    public GatewayConfigLoader ConfigLoader(Func<string, string?> environment, IProtoCompiler? protos = null) =>
        new(_catalog, environment, protos ?? new ProtosetCompiler()) { Host = host };

    public GatewayRuntime Build()
    {
        var time = _time;
        return new(host, _openState ?? (_ => new InMemoryStateBackend(time)), [.. _observers], _transport ?? UpstreamHttpClient.Create(), _loggerFactory, time);
    }
}
