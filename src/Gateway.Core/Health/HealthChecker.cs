using Gateway.Configuration;
using Microsoft.Extensions.Logging;

namespace Gateway.Health;

/// <summary>
/// The active health checks of a long-lived gateway (<c>gatewayctl serve</c>): one probe loop per instance of every
/// service with a <c>healthCheck</c>, each a GET of the health path every interval, until disposed.
/// </summary>
public sealed partial class HealthChecker : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task[] _loops;

    public HealthChecker(GatewayConfig config, HealthRegistry registry, HttpClient client, TimeProvider time, ILogger<HealthChecker> logger)
    {
        var loops = new List<Task>();
        foreach (var service in config.Services.Values)
        {
            if (registry.For(service) is not { } health)
            {
                continue;
            }
            for (var i = 0; i < service.Instances.Count; i++)
            {
                var probe = new InstanceProbe(service, i, health, client, logger);
                loops.Add(Task.Run(() => probe.RunAsync(time, _stop.Token)));
            }
        }
        _loops = loops.ToArray();
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await Task.WhenAll(_loops).ConfigureAwait(false);
        _stop.Dispose();
    }

    private sealed class InstanceProbe(ServiceConfig service, int index, ServiceHealth health, HttpClient client, ILogger logger)
    {
        private readonly HealthCheckSettings _settings = service.HealthCheck!;
        private readonly Uri _target = HealthProbe.Target(service, index);

        public async Task RunAsync(TimeProvider time, CancellationToken stop)
        {
            while (!stop.IsCancellationRequested)
            {
                var passed = await HealthProbe.PassesAsync(client, _target, _settings, stop).ConfigureAwait(false);
                if (stop.IsCancellationRequested)
                {
                    return;
                }
                if (health.Record(index, passed))
                {
                    LogTransition(logger, service.Name, _target.GetLeftPart(UriPartial.Authority), passed ? "healthy" : "unhealthy");
                }
                try
                {
                    await Task.Delay(_settings.Interval, time, stop).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Health check: instance {Instance} of service {Service} is now {State}")]
    internal static partial void LogTransition(ILogger logger, string service, string instance, string state);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Health check: the verdict on instance {Instance} of service {Service} could not be stored")]
    internal static partial void LogStoreFailure(ILogger logger, Exception exception, string service, string instance);
}
