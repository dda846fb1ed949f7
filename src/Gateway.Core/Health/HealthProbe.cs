using Gateway.Configuration;

namespace Gateway.Health;

/// <summary>One health probe of one instance: a GET of the service's health path, passed when the status is expected.</summary>
public static class HealthProbe
{
    public static Uri Target(ServiceConfig service, int instance) =>
        new(service.Instances[instance].Url.ToString().TrimEnd('/') + service.HealthCheck!.Path);

    public static async Task<bool> PassesAsync(HttpClient client, Uri target, HealthCheckSettings settings, CancellationToken stop)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stop);
        timeout.CancelAfter(settings.Timeout);
        try
        {
            using var response = await client.GetAsync(target, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
            return settings.ExpectStatus.Contains((int)response.StatusCode);
        }
        catch (Exception exception) when (exception is HttpRequestException or OperationCanceledException or IOException)
        {
            // Refused, reset, or no answer within the timeout: a failed probe.
            return false;
        }
    }
}
