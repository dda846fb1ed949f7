using Gateway.Resilience;
using Gateway.State;
using Prometheus;

namespace Gateway.LocalHost.Metrics;

/// <summary>
/// <c>gateway_breaker_state{service,instance}</c>: one series per breaker, 0 closed, 1 half-open, 2 open, so that
/// <c>max by (service)</c> gives a service's worst instance and an alert is a threshold. The value is what this
/// instance last read or wrote, as /admin/state shows it; breakers of services a reload removed stop being exposed.
/// </summary>
internal sealed class BreakerStateGauge(IMetricFactory factory)
{
    private readonly Gauge _state = factory.CreateGauge("gateway_breaker_state",
        "Each service instance's circuit breaker as this gateway last knew it: 0 closed, 1 half-open, 2 open.", ["service", "instance"]);

    private readonly HashSet<BreakerKey> _exposed = [];

    public void Update(IEnumerable<CircuitBreaker> breakers)
    {
        lock (_exposed)
        {
            var current = new HashSet<BreakerKey>();
            foreach (var breaker in breakers)
            {
                current.Add(breaker.Key);
                _state.WithLabels(breaker.Key.Service, breaker.Key.Instance).Set(Value(breaker.LastKnownState));
            }
            foreach (var gone in _exposed.Except(current))
            {
                _state.RemoveLabelled(gone.Service, gone.Instance);
            }
            _exposed.Clear();
            _exposed.UnionWith(current);
        }
    }

    private static double Value(BreakerState state) => state switch
    {
        BreakerState.Closed => 0,
        BreakerState.HalfOpen => 1,
        _ => 2,
    };
}
