using System.Globalization;
using System.Runtime.CompilerServices;
using Gateway.Configuration;
using Gateway.Health;
using Gateway.Http;
using Gateway.Pipeline;
using Gateway.Resilience;
using Polly;
using Polly.Retry;

namespace Gateway.Forwarding;

/// <summary>
/// The end of every route's pipeline. One attempt picks an instance of the route's service whose breaker allows a
/// call, forwards, and reports the outcome to the breaker. Failed attempts are retried (Polly: exponential, linear or
/// constant backoff with jitter) when the outcome is retryable, the method safe to repeat and the service's retry
/// budget not spent, all within the overall deadline. The last outcome becomes the response: the upstream's, or the
/// gateway's JSON error (refused → 502, timed out → 504). When every instance's breaker is open it answers with the
/// service's fallback, or 503 <c>circuit_open</c>, without calling the upstream. Instances the active health checks
/// found unhealthy get no traffic; with none healthy it answers with the fallback, or 503 <c>upstream_unavailable</c>.
/// </summary>
public sealed class UpstreamInvoker
{
    private readonly ServiceConfig _service;
    private readonly UpstreamTimeouts _timeouts;
    private readonly IUpstreamForwarder _forwarder;
    private readonly CircuitBreaker?[] _breakers;
    private readonly InstanceSelector _selector;
    private readonly RetryBudget _budget;
    private readonly ResiliencePipeline<Attempt>? _retry;
    private readonly ServiceHealth? _health;
    private readonly HttpClient? _healthProbes;

    public UpstreamInvoker(ServiceConfig service, UpstreamTimeouts timeouts, IUpstreamForwarder forwarder, CircuitBreaker?[] breakers, RetryBudget budget, TimeProvider time,
        ServiceHealth? health = null, HttpClient? healthProbes = null)
    {
        // probe: health — a half-open breaker's probe is a GET of the health path, not the request that won the slot.
        _healthProbes = service.CircuitBreaker.Probe == BreakerProbe.Health ? healthProbes : null;
        _health = health;
        _service = service;
        _timeouts = timeouts;
        _forwarder = forwarder;
        _breakers = breakers;
        _selector = new InstanceSelector(service);
        _budget = budget;
        _retry = service.Retry.Attempts > 1 ? BuildRetry(service.Retry, budget, time) : null;
    }

    public async ValueTask<GatewayResponse> InvokeAsync(GatewayContext context)
    {
        context.Telemetry.UpstreamService = _service.Name;
        if (_health is { AnyHealthy: false })
        {
            return NoHealthyInstance(context);
        }
        _budget.RecordRequest();
        // The host's deadline ends the call like a timeout would: only the client going away is a cancellation.
        using var hostBound = context.Deadline.CanBeCanceled ? CancellationTokenSource.CreateLinkedTokenSource(context.Aborted, context.Deadline) : null;
        var bound = hostBound?.Token ?? context.Aborted;
        Attempt attempt;
        if (_retry is null)
        {
            // One attempt: its read timeout bounds it, so no deadline of its own is needed.
            attempt = await AttemptAsync(context, bound).ConfigureAwait(false);
        }
        else
        {
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(bound);
            deadline.CancelAfter(_timeouts.Deadline);
            var resilience = ResilienceContextPool.Shared.Get(deadline.Token);
            try
            {
                attempt = await _retry.ExecuteAsync(
                    static (resilience, state) => state.Invoker.RetryAsync(state.Context, state.Previous, resilience.CancellationToken),
                    resilience,
                    (Invoker: this, Context: context, Previous: new StrongBox<UpstreamResult?>())).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!context.Aborted.IsCancellationRequested)
            {
                // The deadline ran out while waiting to retry.
                return GatewayErrors.Create(context, 504, ErrorCodes.UpstreamTimeout, "the upstream service did not answer within the deadline");
            }
            finally
            {
                ResilienceContextPool.Shared.Return(resilience);
            }
        }

        if (attempt.Result is not { } result)
        {
            return attempt.NoHealthyInstance ? NoHealthyInstance(context) : CircuitOpen(context, attempt.RetryAfter);
        }
        return result.Response ?? ToError(context, result);
    }

    /// <summary>
    /// One attempt of several. A retry that every breaker refuses (the last failure just opened it) ends the retries
    /// with the previous attempt's real outcome rather than the fallback.
    /// </summary>
    private async ValueTask<Attempt> RetryAsync(GatewayContext context, StrongBox<UpstreamResult?> previous, CancellationToken cancellation)
    {
        var attempt = await AttemptAsync(context, cancellation).ConfigureAwait(false);
        if (attempt.Result is null && previous.Value is { } last)
        {
            return new Attempt(last, TimeSpan.Zero, Retryable: false);
        }
        previous.Value = attempt.Result;
        return attempt;
    }

    /// <summary>Pick an instance → breaker check → forward → record the outcome. No result when every breaker refused.</summary>
    private async ValueTask<Attempt> AttemptAsync(GatewayContext context, CancellationToken cancellation)
    {
        var instances = _selector.Instances;
        var refused = 0UL;
        var retryAfter = TimeSpan.MaxValue;
        var onlyUnhealthy = true;
        for (var tries = 0; tries < instances.Count; tries++)
        {
            var index = _selector.Next(refused, _health);
            if (index < 0)
            {
                break;
            }
            var instance = instances[index];
            var breaker = _breakers[index];
            var permit = breaker is null ? default : await breaker.AcquireAsync(context).ConfigureAwait(false);
            if (permit.Kind == BreakerPermitKind.Probe && _healthProbes is not null)
            {
                var passed = await HealthProbe.PassesAsync(_healthProbes, HealthProbe.Target(_service, index), _service.HealthCheck!, cancellation).ConfigureAwait(false);
                await breaker!.RecordHealthProbeAsync(permit, passed, context).ConfigureAwait(false);
                // If that probe closed the breaker, this request goes through; otherwise it is refused like any other
                // (asking the breaker again could take another probe slot that no probe would ever free).
                permit = breaker.IsClosed
                    ? new BreakerPermit(BreakerPermitKind.Closed, 0, TimeSpan.Zero)
                    : new BreakerPermit(BreakerPermitKind.Refused, 0, _service.CircuitBreaker.OpenDuration);
            }
            if (permit.Kind == BreakerPermitKind.Refused)
            {
                onlyUnhealthy &= permit.Unhealthy;
                refused = InstanceSelector.Skip(refused, index);
                retryAfter = permit.RetryAfter < retryAfter ? permit.RetryAfter : retryAfter;
                continue;
            }
            var result = await _forwarder.ForwardAsync(context, instance, _service, _timeouts, cancellation).ConfigureAwait(false);
            var telemetry = context.Telemetry;
            telemetry.UpstreamAttempts++;
            telemetry.UpstreamTime = (telemetry.UpstreamTime ?? TimeSpan.Zero) + result.Elapsed;
            if (breaker is not null)
            {
                await breaker.RecordAsync(permit, result, context).ConfigureAwait(false);
            }
            return new Attempt(result, TimeSpan.Zero, IsRetryable(result, context.Request.Method, context.Request.StreamedBody?.Started == true));
        }
        return new Attempt(null, retryAfter, Retryable: false, NoHealthyInstance: refused != 0 && onlyUnhealthy);
    }

    /// <summary>
    /// A failed connection never reached the upstream, so any method may try again. Anything that may have reached
    /// it (a timeout, a broken answer, a retryable status) is retried only for methods safe to repeat, unless the
    /// service says non-idempotent ones are too.
    /// </summary>
    private bool IsRetryable(UpstreamResult result, string method, bool streamedBodyStarted)
    {
        var settings = _service.Retry;
        var repeatable = settings.NonIdempotent || HttpMethods.IsIdempotent(method);
        if (streamedBodyStarted)
        {
            // Its bytes went to the failed attempt and are not kept: there is nothing to send again.
            return false;
        }
        return result.Outcome switch
        {
            UpstreamOutcome.ConnectFailed => true,
            UpstreamOutcome.TimedOut or UpstreamOutcome.InvalidResponse => repeatable,
            UpstreamOutcome.Responded => repeatable && settings.RetryOnStatus.Contains(result.Response!.StatusCode),
            _ => false,
        };
    }

    private static ResiliencePipeline<Attempt> BuildRetry(RetrySettings settings, RetryBudget budget, TimeProvider time) =>
        new ResiliencePipelineBuilder<Attempt> { TimeProvider = time }
            .AddRetry(new RetryStrategyOptions<Attempt>
            {
                MaxRetryAttempts = settings.Attempts - 1,
                BackoffType = settings.Backoff switch
                {
                    BackoffKind.Linear => DelayBackoffType.Linear,
                    BackoffKind.Constant => DelayBackoffType.Constant,
                    _ => DelayBackoffType.Exponential,
                },
                Delay = settings.BaseDelay,
                MaxDelay = settings.MaxDelay,
                UseJitter = true,
                // The budget is asked last, so only a retry that would otherwise happen spends from it.
                ShouldHandle = arguments => ValueTask.FromResult(arguments.Outcome.Result is { Retryable: true } && budget.TryWithdraw()),
            })
            .Build();

    private GatewayResponse NoHealthyInstance(GatewayContext context) =>
        Fallback() ?? GatewayErrors.Create(context, 503, ErrorCodes.UpstreamUnavailable, $"the upstream service \"{_service.Name}\" has no healthy instance");

    private GatewayResponse CircuitOpen(GatewayContext context, TimeSpan retryAfter)
    {
        if (Fallback() is { } response)
        {
            return response;
        }
        var seconds = Math.Max(1, (long)Math.Ceiling(retryAfter.TotalSeconds));
        var error = GatewayErrors.Create(context, 503, ErrorCodes.CircuitOpen,
            $"the upstream service \"{_service.Name}\" is unavailable (circuit open); retry in {seconds} s");
        error.Headers.Set(HeaderNames.RetryAfter, seconds.ToString(CultureInfo.InvariantCulture));
        return error;
    }

    /// <summary>The service's configured fallback answer, when it has one.</summary>
    private GatewayResponse? Fallback()
    {
        if (_service.CircuitBreaker.Fallback is not { } fallback)
        {
            return null;
        }
        var response = new GatewayResponse(fallback.Status) { Body = System.Text.Encoding.UTF8.GetBytes(fallback.Body) };
        foreach (var (name, value) in fallback.Headers)
        {
            response.Headers.Add(name, value);
        }
        return response;
    }

    internal static GatewayResponse ToError(GatewayContext context, UpstreamResult result) => result.Outcome switch
    {
        UpstreamOutcome.TimedOut => GatewayErrors.Create(context, 504, ErrorCodes.UpstreamTimeout, "the upstream service did not answer in time"),
        UpstreamOutcome.ConnectFailed => GatewayErrors.Create(context, 502, ErrorCodes.UpstreamUnreachable, "the upstream service could not be reached"),
        UpstreamOutcome.ResponseTooLarge => GatewayErrors.Create(context, 502, ErrorCodes.UpstreamError, "the upstream response is too large"),
        UpstreamOutcome.RequestBodyRefused when context.Request.StreamedBody?.Failure is { } failure => failure.ToResponse(context),
        // 499 is nginx's "client closed request": nobody reads it, but the access log should not call it a 5xx.
        UpstreamOutcome.Canceled => GatewayErrors.Create(context, 499, ErrorCodes.InvalidRequest, "the client closed the request"),
        _ => GatewayErrors.Create(context, 502, ErrorCodes.UpstreamError, "the upstream service sent an invalid response"),
    };

    /// <summary>One attempt's outcome: a result (none when every breaker refused) and whether trying again makes sense.</summary>
    private readonly record struct Attempt(UpstreamResult? Result, TimeSpan RetryAfter, bool Retryable, bool NoHealthyInstance = false);
}
