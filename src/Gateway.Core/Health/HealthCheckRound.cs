using Gateway.Configuration;
using Gateway.State;
using Microsoft.Extensions.Logging;

namespace Gateway.Health;

/// <summary>What one round concluded about one instance.</summary>
public readonly record struct InstanceHealth(string Service, string Instance, bool Passed, bool Healthy, bool Stored);

/// <summary>
/// One round of active health checks for a host that runs no code between invocations (the Lambda scheduled
/// checker): every instance of every service with a <c>healthCheck</c> is probed once, and its verdict — by the
/// same thresholds as serve's probe loops (<see cref="HealthVerdict"/>) — is stored on the instance's breaker
/// item, where the proxies read it with the breaker state they already fetch. The streak between rounds lives
/// there too. Nothing is written while an instance stays healthy with no failed probe pending.
/// </summary>
public sealed class HealthCheckRound(GatewayConfig config, IBreakerStore store, HttpClient client, ILogger logger)
{
    public async Task<IReadOnlyList<InstanceHealth>> RunAsync(CancellationToken cancellation)
    {
        var checks = new List<Task<InstanceHealth>>();
        foreach (var service in config.Services.Values)
        {
            for (var index = 0; service.HealthCheck is not null && index < service.Instances.Count; index++)
            {
                checks.Add(CheckAsync(service, index, cancellation));
            }
        }
        return await Task.WhenAll(checks).ConfigureAwait(false);
    }

    private async Task<InstanceHealth> CheckAsync(ServiceConfig service, int index, CancellationToken cancellation)
    {
        var settings = service.HealthCheck!;
        var target = HealthProbe.Target(service, index);
        var key = new BreakerKey(service.Name, service.Instances[index].Url.ToString());
        var passed = await HealthProbe.PassesAsync(client, target, settings, cancellation).ConfigureAwait(false);
        try
        {
            var before = await store.GetAsync(key, cancellation).ConfigureAwait(false);
            var verdict = HealthVerdict.After(!before.Unhealthy, before.HealthStreak, passed, settings);
            if (verdict.Healthy == !before.Unhealthy && verdict.Streak == before.HealthStreak)
            {
                return new InstanceHealth(service.Name, key.Instance, passed, verdict.Healthy, Stored: true);
            }
            await store.RecordHealthAsync(key, !verdict.Healthy, verdict.Streak, cancellation).ConfigureAwait(false);
            if (verdict.Changed)
            {
                HealthChecker.LogTransition(logger, service.Name, target.GetLeftPart(UriPartial.Authority), verdict.Healthy ? "healthy" : "unhealthy");
            }
            return new InstanceHealth(service.Name, key.Instance, passed, verdict.Healthy, Stored: true);
        }
        catch (StoreUnavailableException exception)
        {
            // The next round tries again; the proxies keep the last stored verdict meanwhile.
            HealthChecker.LogStoreFailure(logger, exception, service.Name, key.Instance);
            return new InstanceHealth(service.Name, key.Instance, passed, Healthy: true, Stored: false);
        }
    }
}
