using System.Collections.Concurrent;
using Amazon.Runtime;

namespace Gateway.Testing;

/// <summary>
/// Gives the AWS SDK an HTTP pipeline that counts every DynamoDB request it sends, by operation (the X-Amz-Target
/// header): how the tests and the benchmark measure round trips per proxied request.
/// </summary>
public sealed class CountingHttpClientFactory : HttpClientFactory
{
    private readonly ConcurrentDictionary<string, int> _byOperation = new(StringComparer.Ordinal);

    public int Total => _byOperation.Values.Sum();

    public int Count(string operation) => _byOperation.TryGetValue(operation, out var count) ? count : 0;

    public void Reset() => _byOperation.Clear();

    public override HttpClient CreateHttpClient(IClientConfig clientConfig) => new(new CountingHandler(this) { InnerHandler = new SocketsHttpHandler() });

    public override bool UseSDKHttpClientCaching(IClientConfig clientConfig) => true;

    public override bool DisposeHttpClientsAfterUse(IClientConfig clientConfig) => false;

    private sealed class CountingHandler(CountingHttpClientFactory owner) : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var target = request.Headers.TryGetValues("X-Amz-Target", out var values) ? values.First() : "unknown";
            var operation = target[(target.IndexOf('.') + 1)..];
            owner._byOperation.AddOrUpdate(operation, 1, (_, count) => count + 1);
            return base.SendAsync(request, cancellationToken);
        }
    }
}
