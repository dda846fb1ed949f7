using System.Text.Json;
using Gateway.Observability;
using Gateway.Pipeline;
using Gateway.State;
using Microsoft.Extensions.Logging;

namespace Gateway.Policies.RateLimiting;

/// <summary>A limit a request must pass, with the counter key this request maps to.</summary>
public readonly record struct LimitCheck(LimitRule Rule, string Key);

public enum AdmissionOutcome
{
    Admitted,

    /// <summary>A limit or quota is used up.</summary>
    Rejected,

    /// <summary>The store failed and a limit that fails closed could not be checked.</summary>
    Unavailable,
}

/// <summary>What the rate-limit headers report: the tightest of the limits checked.</summary>
public readonly record struct RateLimitSnapshot(long Limit, long Remaining, TimeSpan Reset);

/// <summary>The decision on one request. <see cref="Rule"/> names the limit that refused it.</summary>
public readonly record struct Admission(AdmissionOutcome Outcome, LimitRule? Rule, TimeSpan RetryAfter, RateLimitSnapshot? Tightest);

/// <summary>
/// Checks every limit a request is subject to, together, against the shared counter store: one batch, one round trip,
/// all or nothing (a request refused by one limit consumes none of the others). What this instance learns is kept
/// locally: the last state of each counter (so the next write is usually right the first time), counters known to be
/// exhausted (refused locally until they reset, at no cost in writes), and leased tokens. When the store fails, each
/// limit fails open (judged by a <see cref="FailOpenBackstop"/>: from the last counts seen, shared among the instances
/// seen lately) or closed, as configured. One per gateway instance.
/// </summary>
public sealed partial class RateLimiter : IStateReporter
{
    private const int StateSampleSize = 100;

    // A write refused only because this instance's belief was stale is retried with the true state; a few rounds
    // cover a window roll-over racing other instances.
    private const int MaxRounds = 4;

    private readonly ICounterStore _store;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly StoreOutage _outage;
    private readonly InstancePresence? _presence;
    private readonly LocalCache<CounterState> _beliefs = new();
    private readonly LocalCache<DateTimeOffset> _exhaustedUntil = new();
    private readonly LocalCache<Lease> _leases = new();
    private FailOpenBackstop? _backstop;

    // 1 while the store last answered; the first failure after that starts a new backstop from the counts just seen.
    private int _storeAnswering = 1;

    public RateLimiter(ICounterStore store, TimeProvider time, ILogger logger)
        : this(store, time, logger, new InstancePresence(time))
    {
    }

    private RateLimiter(ICounterStore store, TimeProvider time, ILogger logger, InstancePresence? presence)
    {
        _store = store;
        _time = time;
        _logger = logger;
        _outage = new StoreOutage(time);
        _presence = presence;
        // The backstop's own limiter works on memory alone, which never fails: it needs no backstop.
        _backstop = presence is null ? null : new FailOpenBackstop(time, logger);
    }

    /// <summary>A limiter on this process's memory alone, with no backstop of its own: the backstop's.</summary>
    internal static RateLimiter Local(InMemoryCounterStore store, TimeProvider time, ILogger logger) => new(store, time, logger, presence: null);

    public ValueTask<Admission> CheckAsync(IReadOnlyList<LimitCheck> checks, GatewayContext context) => CheckAsync(checks, context, weight: 1);

    /// <param name="weight">Units of the counter each request costs: the backstop's share of a limit among instances.</param>
    internal async ValueTask<Admission> CheckAsync(IReadOnlyList<LimitCheck> checks, GatewayContext context, long weight)
    {
        var now = _time.GetUtcNow();
        foreach (var check in checks)
        {
            if (_exhaustedUntil.TryGet(check.Key, out var until) && until > now)
            {
                return Refused(check.Rule, until - now);
            }
        }

        var snapshots = new RateLimitSnapshot?[checks.Count];
        var pending = new List<int>(checks.Count);
        for (var i = 0; i < checks.Count; i++)
        {
            if (checks[i].Rule.Mode == LimitMode.Leased && _leases.TryGet(checks[i].Key, out var lease) && lease.TryTake(now))
            {
                snapshots[i] = Snapshot(checks[i], now, lease.Left, weight);
                continue;
            }
            pending.Add(i);
        }
        if (pending.Count == 0)
        {
            return Admitted(snapshots);
        }

        if (_outage.InProgress)
        {
            return await FailOverAsync(checks, context).ConfigureAwait(false);
        }
        try
        {
            if (_presence is not null)
            {
                await _presence.CheckInAsync(_store, context.Aborted).ConfigureAwait(false);
            }
            var admission = await WriteAsync(checks, pending, snapshots, now, weight, context).ConfigureAwait(false);
            Volatile.Write(ref _storeAnswering, 1);
            return admission;
        }
        catch (StoreUnavailableException exception)
        {
            context.Telemetry.StoreFailures++;
            _outage.Begin();
            LogStoreFailure(_logger, exception, exception.Operation, context.RequestId);
            if (Interlocked.Exchange(ref _storeAnswering, 0) == 1)
            {
                Volatile.Write(ref _backstop, new FailOpenBackstop(_time, _logger));
            }
            return await FailOverAsync(checks, context).ConfigureAwait(false);
        }
    }

    private async ValueTask<Admission> WriteAsync(IReadOnlyList<LimitCheck> checks, List<int> pending, RateLimitSnapshot?[] snapshots, DateTimeOffset now, long weight, GatewayContext context)
    {
        var writes = new CounterWrite[pending.Count];
        var amounts = new long[pending.Count];
        var believed = new CounterState?[pending.Count];
        for (var j = 0; j < pending.Count; j++)
        {
            var check = checks[pending[j]];
            believed[j] = _beliefs.TryGet(check.Key, out var state) ? state : null;
            amounts[j] = check.Rule.LeaseSize;
            writes[j] = check.Rule.Algorithm.Take(check.Key, believed[j], amounts[j] * weight, now);
        }

        for (var round = 0; round < MaxRounds; round++)
        {
            var results = await _store.ApplyAsync(writes, context.Aborted).ConfigureAwait(false);
            if (Array.TrueForAll(results, r => r.Outcome == CounterWriteOutcome.Applied))
            {
                for (var j = 0; j < pending.Count; j++)
                {
                    var check = checks[pending[j]];
                    var taken = results[j].State ?? writes[j].Apply(believed[j]);
                    _beliefs.Set(check.Key, taken);
                    var leftInLease = amounts[j] - 1;
                    if (leftInLease > 0)
                    {
                        _leases.Set(check.Key, new Lease(leftInLease, check.Rule.Algorithm.LeaseValidUntil(taken, amounts[j] * weight, now)));
                    }
                    snapshots[pending[j]] = Snapshot(check, now, leftInLease, weight);
                }
                return Admitted(snapshots);
            }

            for (var j = 0; j < pending.Count; j++)
            {
                if (results[j].Outcome != CounterWriteOutcome.ConditionFailed)
                {
                    continue;
                }
                var check = checks[pending[j]];
                var actual = results[j].State;
                believed[j] = actual;
                if (actual is { } known)
                {
                    _beliefs.Set(check.Key, known);
                }
                else
                {
                    _beliefs.Remove(check.Key);
                }
                var available = check.Rule.Algorithm.Available(actual, now) / weight;
                if (available < 1)
                {
                    // Exhausted: every later request for this counter is refused here, without a write, until it resets.
                    var retryAfter = check.Rule.Algorithm.RetryAfter(actual, weight, now);
                    _exhaustedUntil.Set(check.Key, now + retryAfter);
                    return Refused(check.Rule, retryAfter);
                }
                // The write was built on a stale belief (another instance moved the window); retry on the true state.
                amounts[j] = Math.Min(check.Rule.LeaseSize, available);
                writes[j] = check.Rule.Algorithm.Take(check.Key, actual, amounts[j] * weight, now);
            }
        }
        throw new StoreUnavailableException("rate-limit writes (contention did not settle)", null);
    }

    private async ValueTask<Admission> FailOverAsync(IReadOnlyList<LimitCheck> checks, GatewayContext context)
    {
        foreach (var check in checks)
        {
            if (check.Rule.FailMode == FailMode.Closed)
            {
                return new Admission(AdmissionOutcome.Unavailable, check.Rule, StoreOutage.RetryDelay, null);
            }
        }
        // Fail open, but not unbounded: the same limits, from the last counts seen, this instance's share of them.
        return await Volatile.Read(ref _backstop)!.CheckAsync(checks, context, LastKnown, _presence?.Recent ?? 1).ConfigureAwait(false);
    }

    private CounterState? LastKnown(string key) => _beliefs.TryGet(key, out var state) ? state : null;

    private RateLimitSnapshot Snapshot(LimitCheck check, DateTimeOffset now, long leftInLease, long weight)
    {
        var algorithm = check.Rule.Algorithm;
        var state = _beliefs.TryGet(check.Key, out var known) ? known : (CounterState?)null;
        return new RateLimitSnapshot(algorithm.Limit, (algorithm.Available(state, now) / weight) + leftInLease, algorithm.ResetAfter(state, now));
    }

    private static Admission Admitted(RateLimitSnapshot?[] snapshots)
    {
        RateLimitSnapshot? tightest = null;
        foreach (var snapshot in snapshots)
        {
            if (snapshot is { } s && (tightest is not { } t || s.Remaining < t.Remaining || (s.Remaining == t.Remaining && s.Reset > t.Reset)))
            {
                tightest = s;
            }
        }
        return new Admission(AdmissionOutcome.Admitted, null, TimeSpan.Zero, tightest);
    }

    private static Admission Refused(LimitRule rule, TimeSpan retryAfter) =>
        new(AdmissionOutcome.Rejected, rule, retryAfter, new RateLimitSnapshot(rule.Algorithm.Limit, 0, retryAfter));

    [LoggerMessage(Level = LogLevel.Warning, Message = "Rate-limit store failed during {Operation} (request {RequestId}); applying each limit's fail mode")]
    private static partial void LogStoreFailure(ILogger logger, Exception exception, string operation, string requestId);

    /// <summary>Tokens this instance took from a counter in one write, spent locally until used or expired.</summary>
    public string Section => "limiters";

    /// <summary>
    /// What this instance believes about the counters it has touched, and which keys it refuses locally until they
    /// reset. Keys are samples (at most 100 each), not the whole store.
    /// </summary>
    public void Write(Utf8JsonWriter json)
    {
        var now = _time.GetUtcNow();
        json.WriteStartObject();
        json.WriteNumber("countersKnown", _beliefs.Count);
        json.WriteStartArray("counters");
        foreach (var (key, state) in _beliefs.Sample(StateSampleSize))
        {
            json.WriteStartObject();
            json.WriteString("key", key);
            json.WriteNumber("count", state.Count);
            json.WriteNumber("previous", state.Previous);
            json.WriteNumber("mark", state.Mark);
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteStartArray("exhausted");
        foreach (var (key, until) in _exhaustedUntil.Sample(StateSampleSize))
        {
            if (until > now)
            {
                json.WriteStartObject();
                json.WriteString("key", key);
                json.WriteString("until", until);
                json.WriteEndObject();
            }
        }
        json.WriteEndArray();
        json.WriteNumber("leasesHeld", _leases.Count);
        json.WriteEndObject();
    }

    private sealed class Lease(long tokens, DateTimeOffset validUntil)
    {
        private long _left = tokens;

        public long Left => Math.Max(0, Interlocked.Read(ref _left));

        public bool TryTake(DateTimeOffset now) => now < validUntil && Interlocked.Decrement(ref _left) >= 0;
    }
}
