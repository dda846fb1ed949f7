using System.Net;

namespace Gateway.Testing;

/// <summary>
/// An in-process upstream that many requests may call at once: it answers with the status a test sets, counts the
/// calls, and can hold every call until the test releases it (to keep probes in flight).
/// </summary>
public sealed class ScriptedUpstreamHandler : HttpMessageHandler
{
    private int _calls;
    private volatile int _status = 200;
    private volatile TaskCompletionSource? _gate;
    private readonly System.Collections.Concurrent.ConcurrentQueue<Uri> _targets = new();

    public int Calls => Volatile.Read(ref _calls);

    /// <summary>The URI of every call, in order: which instance each call went to, and for what.</summary>
    public IReadOnlyCollection<Uri> Targets => _targets;

    public void RespondWith(int status) => _status = status;

    /// <summary>From now on calls wait until <see cref="Release"/>.</summary>
    public void Hold() => _gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Release() => Interlocked.Exchange(ref _gate, null)?.TrySetResult();

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _calls);
        _targets.Enqueue(request.RequestUri!);
        if (_gate is { } gate)
        {
            await gate.Task.WaitAsync(cancellationToken);
        }
        return new HttpResponseMessage((HttpStatusCode)_status) { Content = new StringContent("{\"ok\":true}", System.Text.Encoding.UTF8, "application/json") };
    }
}
