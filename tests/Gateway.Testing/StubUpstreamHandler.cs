using System.Net;

namespace Gateway.Testing;

/// <summary>An in-process upstream for unit tests: answers with a canned response and keeps what it was sent.</summary>
public sealed class StubUpstreamHandler(Func<HttpRequestMessage, HttpResponseMessage>? respond = null) : HttpMessageHandler
{
    public List<(HttpRequestMessage Request, byte[] Body)> Requests { get; } = [];

    public HttpRequestMessage LastRequest => Requests[^1].Request;

    public byte[] LastBody => Requests[^1].Body;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? [] : await request.Content.ReadAsByteArrayAsync(cancellationToken);
        Requests.Add((request, body));
        return respond?.Invoke(request) ?? new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent("{\"ok\":true}", System.Text.Encoding.UTF8, "application/json") };
    }
}
