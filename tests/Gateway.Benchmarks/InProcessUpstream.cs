using System.Net;
using System.Net.Http.Headers;

namespace Gateway.Benchmarks;

/// <summary>An upstream that answers every request at once with the same small JSON body, without a socket.</summary>
public sealed class InProcessUpstream : HttpMessageHandler
{
    private static readonly byte[] Body = """{"id":"42","status":"shipped","items":[{"sku":"tea-001","qty":2}]}"""u8.ToArray();
    private static readonly MediaTypeHeaderValue Json = new("application/json");

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
        Task.FromResult(Respond());

    protected override HttpResponseMessage Send(HttpRequestMessage request, CancellationToken cancellationToken) => Respond();

    private static HttpResponseMessage Respond()
    {
        var content = new ByteArrayContent(Body);
        content.Headers.ContentType = Json;
        return new HttpResponseMessage(HttpStatusCode.OK) { Content = content };
    }
}
