using Gateway.Configuration;
using Gateway.Forwarding;
using Gateway.Pipeline;
using Gateway.State;
using Microsoft.Extensions.Logging;

namespace Gateway.Resilience;

public enum BreakerPermitKind
{
    /// <summary>The breaker is closed: call the instance.</summary>
    Closed,

    /// <summary>A half-open probe: call the instance and report how it went.</summary>
    Probe,

    /// <summary>Open, or half-open with every probe slot taken: do not call the instance.</summary>
    Refused,
}

/// <summary>
/// What the breaker allows this request; <see cref="Version"/> identifies the half-open round a probe belongs to.
/// <see cref="Unhealthy"/>: refused because the scheduled health checker found the instance unhealthy.
/// </summary>
public readonly record struct BreakerPermit(BreakerPermitKind Kind, long Version, TimeSpan RetryAfter, bool Unhealthy = false);

/// <summary>
/// One service instance's circuit breaker, its state shared with every gateway instance through the breaker store.
/// The hot path reads a cached copy (refreshed after <see cref="CircuitBreakerSettings.StateCacheTtl"/>); the store
/// is written only on failures, probes and transitions, each write conditional so that one instance wins each
/// transition. While the store is down this instance keeps its own state in memory.
/// </summary>
public sealed partial class CircuitBreaker
{
    private const int MaxRounds = 3;

    /// <summary>The breaker's state as this request saw it: closed, open or half-open.</summary>
    public static TelemetryTag StateTag { get; } = new("breaker_state");

    /// <summary>A transition this request caused, such as "closed->open".</summary>
    public static TelemetryTag TransitionTag { get; } = new("breaker_transition");

    /// <summary>
    /// Whether an open breaker answered this request without calling the upstream (with the service's fallback, or
    /// 503 <c>circuit_open</c>).
    /// </summary>
    public static bool RefusedUnasked(RequestTelemetry telemetry) => telemetry[StateTag] == "open" && telemetry.UpstreamAttempts == 0;

    private readonly BreakerKey _key;
    private readonly CircuitBreakerSettings _settings;
    private readonly IBreakerStore _store;
    private readonly InMemoryBreakerStore _backstop = new();
    private readonly StoreOutage _outage;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private Cached _cached = new(BreakerRecord.Initial, DateTimeOffset.MinValue);
    private long _unreportedSuccesses;
    private long _noProbesUntilTicks;

    public CircuitBreaker(BreakerKey key, CircuitBreakerSettings settings, IBreakerStore store, TimeProvider time, ILogger logger)
    {
        _key = key;
        _settings = settings;
        _store = store;
        _time = time;
        _logger = logger;
        _outage = new StoreOutage(time);
    }

    public BreakerKey Key => _key;

    /// <summary>The state this instance last read or wrote (the shared state may have moved on since).</summary>
    public BreakerState LastKnownState => Volatile.Read(ref _cached).Record.State;

    /// <summary>Whether the state this instance last read or wrote is closed.</summary>
    public bool IsClosed => LastKnownState == BreakerState.Closed;

    public async ValueTask<BreakerPermit> AcquireAsync(GatewayContext context)
    {
        var now = _time.GetUtcNow();
        var record = await CurrentAsync(now, context).ConfigureAwait(false);
        if (record.Unhealthy)
        {
            // The health checker's verdict, read with the breaker's own state: no call until it says otherwise.
            return new BreakerPermit(BreakerPermitKind.Refused, 0, _settings.StateCacheTtl, Unhealthy: true);
        }
        for (var round = 0; round < MaxRounds; round++)
        {
            context.Telemetry.Tag(StateTag, Describe(record.State));
            switch (record.State)
            {
                case BreakerState.Closed:
                    return new BreakerPermit(BreakerPermitKind.Closed, record.Version, TimeSpan.Zero);
                case BreakerState.Open when now < record.Until:
                    return Refused(record.Until - now);
                case BreakerState.Open:
                case BreakerState.HalfOpen when now >= record.Until:
                    // Time to probe (or a half-open round whose probes were lost ran out): the instance that wins this
                    // transition sends the first probe.
                    var opened = await TryTransitionAsync(context, record.Version, BreakerState.HalfOpen, now + _settings.OpenDuration).ConfigureAwait(false);
                    Remember(opened.Current, now);
                    if (opened.Succeeded)
                    {
                        context.Telemetry.Tag(StateTag, Describe(BreakerState.HalfOpen));
                        context.Telemetry.Tag(TransitionTag, $"{Describe(record.State)}->half-open");
                        return new BreakerPermit(BreakerPermitKind.Probe, opened.Current.Version, TimeSpan.Zero);
                    }
                    record = opened.Current;
                    continue;
                default:
                    if (now.UtcTicks < Interlocked.Read(ref _noProbesUntilTicks))
                    {
                        return Refused(_settings.StateCacheTtl);
                    }
                    var probe = await TryAcquireProbeAsync(context, record.Version).ConfigureAwait(false);
                    Remember(probe.Current, now);
                    if (probe.Succeeded)
                    {
                        return new BreakerPermit(BreakerPermitKind.Probe, probe.Current.Version, TimeSpan.Zero);
                    }
                    if (probe.Current.State == BreakerState.HalfOpen && probe.Current.Version == record.Version)
                    {
                        // Every slot is taken: do not ask again (a failed conditional write is billed) until the cache would expire.
                        Interlocked.Exchange(ref _noProbesUntilTicks, (now + _settings.StateCacheTtl).UtcTicks);
                        return Refused(_settings.StateCacheTtl);
                    }
                    record = probe.Current;
                    continue;
            }
        }
        return Refused(_settings.StateCacheTtl);
    }

    /// <summary>Reports how a call made under <paramref name="permit"/> ended.</summary>
    public ValueTask RecordAsync(BreakerPermit permit, UpstreamResult result, GatewayContext context) =>
        RecordOutcomeAsync(permit, IsFailure(result), context);

    /// <summary>Reports a probe made with the service's health path (<c>probe: health</c>) instead of a client's request.</summary>
    public ValueTask RecordHealthProbeAsync(BreakerPermit permit, bool passed, GatewayContext context) =>
        RecordOutcomeAsync(permit, !passed, context);

    private async ValueTask RecordOutcomeAsync(BreakerPermit permit, bool failed, GatewayContext context)
    {
        var now = _time.GetUtcNow();
        switch (permit.Kind)
        {
            case BreakerPermitKind.Closed when !failed:
                // Successes are not written: in ratio mode they travel with the next failure.
                if (_settings.FailureRatio is not null)
                {
                    Interlocked.Increment(ref _unreportedSuccesses);
                }
                return;
            case BreakerPermitKind.Closed:
                var calls = Interlocked.Exchange(ref _unreportedSuccesses, 0) + 1;
                var window = (now - DateTimeOffset.UnixEpoch).Ticks / _settings.Window.Ticks;
                var counted = await RecordFailureAsync(context, window, calls).ConfigureAwait(false);
                Remember(counted, now);
                if (counted.State == BreakerState.Closed && ThresholdReached(counted))
                {
                    await TransitionAsync(counted.Version, BreakerState.Closed, BreakerState.Open, now + _settings.OpenDuration, now, context).ConfigureAwait(false);
                }
                return;
            case BreakerPermitKind.Probe when failed:
                await TransitionAsync(permit.Version, BreakerState.HalfOpen, BreakerState.Open, now + _settings.OpenDuration, now, context).ConfigureAwait(false);
                return;
            case BreakerPermitKind.Probe:
                var success = await RecordProbeSuccessAsync(context, permit.Version).ConfigureAwait(false);
                Remember(success.Current, now);
                if (success.Succeeded && success.Current.Successes >= _settings.SuccessesToClose)
                {
                    await TransitionAsync(success.Current.Version, BreakerState.HalfOpen, BreakerState.Closed, DateTimeOffset.MinValue, now, context).ConfigureAwait(false);
                }
                return;
        }
    }

    private async ValueTask TransitionAsync(long fromVersion, BreakerState from, BreakerState to, DateTimeOffset until, DateTimeOffset now, GatewayContext context)
    {
        var update = await TryTransitionAsync(context, fromVersion, to, until).ConfigureAwait(false);
        Remember(update.Current, now);
        if (update.Succeeded)
        {
            context.Telemetry.Tag(TransitionTag, $"{Describe(from)}->{Describe(to)}");
        }
    }

    private bool ThresholdReached(BreakerRecord record) => _settings.FailureRatio is { } ratio
        ? record.Calls >= _settings.MinimumThroughput && (double)record.Failures / record.Calls >= ratio
        : record.Failures >= _settings.FailureThreshold;

    private bool IsFailure(UpstreamResult result) => result.Outcome switch
    {
        UpstreamOutcome.Responded => _settings.FailureStatusCodes.Contains(result.Response!.StatusCode),
        UpstreamOutcome.TimedOut => _settings.CountTimeouts,
        UpstreamOutcome.ConnectFailed => _settings.CountConnectionErrors,
        UpstreamOutcome.InvalidResponse => true,
        // Only the upstream's health counts. An answer over the gateway's own size limits (ResponseTooLarge), a client
        // that went away (Canceled) or whose streamed body was refused (RequestBodyRefused) says nothing about it:
        // counting them would let any caller open the breaker.
        _ => false,
    };

    private async ValueTask<BreakerRecord> CurrentAsync(DateTimeOffset now, GatewayContext context)
    {
        var cached = Volatile.Read(ref _cached);
        if (now - cached.FetchedAt < _settings.StateCacheTtl)
        {
            return cached.Record;
        }
        var record = await CallAsync(context, (store, token) => store.GetAsync(_key, token)).ConfigureAwait(false);
        Remember(record, now);
        return record;
    }

    private void Remember(BreakerRecord record, DateTimeOffset now) => Volatile.Write(ref _cached, new Cached(record, now));

    // The store calls that take more than the key, each in a method of its own: a lambda capturing an async method's
    // locals makes the compiler allocate their closure on every call of that method, including the usual call that
    // never reaches the store (about 190 bytes per request, before).
    private ValueTask<BreakerUpdate> TryTransitionAsync(GatewayContext context, long fromVersion, BreakerState to, DateTimeOffset until) =>
        CallAsync(context, (store, token) => store.TryTransitionAsync(_key, fromVersion, to, until, token));

    private ValueTask<BreakerUpdate> TryAcquireProbeAsync(GatewayContext context, long version) =>
        CallAsync(context, (store, token) => store.TryAcquireProbeAsync(_key, version, _settings.HalfOpenProbes, token));

    private ValueTask<BreakerRecord> RecordFailureAsync(GatewayContext context, long window, long calls) =>
        CallAsync(context, (store, token) => store.RecordFailureAsync(_key, window, calls, token));

    private ValueTask<BreakerUpdate> RecordProbeSuccessAsync(GatewayContext context, long version) =>
        CallAsync(context, (store, token) => store.RecordProbeSuccessAsync(_key, version, token));

    /// <summary>Calls the shared store, or this instance's own state while the shared store is down.</summary>
    private async ValueTask<T> CallAsync<T>(GatewayContext context, Func<IBreakerStore, CancellationToken, ValueTask<T>> call)
    {
        if (!_outage.InProgress)
        {
            try
            {
                return await call(_store, context.Aborted).ConfigureAwait(false);
            }
            catch (StoreUnavailableException exception)
            {
                context.Telemetry.StoreFailures++;
                _outage.Begin();
                LogStoreFailure(_logger, exception, _key.Service, _key.Instance, context.RequestId);
            }
        }
        return await call(_backstop, CancellationToken.None).ConfigureAwait(false);
    }

    private static BreakerPermit Refused(TimeSpan retryAfter) => new(BreakerPermitKind.Refused, 0, retryAfter);

    /// <summary>What this instance last knew of the shared state, for /admin/state.</summary>
    internal void WriteState(System.Text.Json.Utf8JsonWriter json)
    {
        var cached = Volatile.Read(ref _cached);
        var record = cached.Record;
        json.WriteStartObject();
        json.WriteString("service", _key.Service);
        json.WriteString("instance", _key.Instance);
        json.WriteString("state", Describe(record.State));
        json.WriteNumber("version", record.Version);
        json.WriteNumber("failures", record.Failures);
        json.WriteNumber("calls", record.Calls);
        if (record.State != BreakerState.Closed)
        {
            json.WriteString("until", record.Until);
        }
        if (cached.FetchedAt != DateTimeOffset.MinValue)
        {
            json.WriteString("readAt", cached.FetchedAt);
        }
        json.WriteEndObject();
    }

    private static string Describe(BreakerState state) => state switch
    {
        BreakerState.Closed => "closed",
        BreakerState.Open => "open",
        _ => "half-open",
    };

    [LoggerMessage(Level = LogLevel.Warning, Message = "Breaker store failed for {Service} instance {Instance} (request {RequestId}); using this instance's own breaker state")]
    private static partial void LogStoreFailure(ILogger logger, Exception exception, string service, string instance, string requestId);

    private sealed record Cached(BreakerRecord Record, DateTimeOffset FetchedAt);
}
