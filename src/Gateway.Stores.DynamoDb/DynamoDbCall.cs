using Amazon.DynamoDBv2.Model;
using Amazon.Runtime;
using Gateway.State;

namespace Gateway.Stores.DynamoDb;

/// <summary>
/// Runs one DynamoDB call within the store's timeout and turns every way it can fail (timeout, throttling, a network
/// or service error, a missing table) into <see cref="StoreUnavailableException"/>, which the gateway's fail modes
/// handle. A failed condition is not a failure: callers catch it first.
/// </summary>
internal static class DynamoDbCall
{
    public static async Task<T> RunAsync<T>(string operation, CallTimeout timeout, CancellationToken cancellationToken, Func<CancellationToken, Task<T>> call)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout.Current);
        try
        {
            var result = await call(deadline.Token).ConfigureAwait(false);
            timeout.MarkWarm();
            return result;
        }
        catch (Exception exception) when (exception is not (ConditionalCheckFailedException or TransactionCanceledException) && IsStoreFailure(exception))
        {
            throw new StoreUnavailableException(operation, exception);
        }
    }

    // AmazonServiceException is what DynamoDB itself answers with: throttling, internal errors, a missing table.
    // AmazonClientException and the network types are what the SDK and the connection throw on their own (a
    // SocketException can come through unwrapped when a connection is reset between connect and first use).
    private static bool IsStoreFailure(Exception exception) =>
        exception is OperationCanceledException or TimeoutException or HttpRequestException or IOException
            or System.Net.Sockets.SocketException or AmazonClientException or AmazonServiceException;
}
