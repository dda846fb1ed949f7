namespace Gateway.Stores.DynamoDb;

/// <summary>
/// The time a DynamoDB call may take. A process's first call also pays for the connection, TLS, credentials and JIT
/// (hundreds of milliseconds on a Lambda cold start), so calls get a longer allowance until one has succeeded; after
/// that, the configured short timeout.
/// </summary>
public sealed class CallTimeout(TimeSpan steady)
{
    public static readonly TimeSpan ColdStart = TimeSpan.FromSeconds(2);

    private volatile bool _warm;

    public TimeSpan Current => _warm || steady >= ColdStart ? steady : ColdStart;

    public void MarkWarm() => _warm = true;
}
