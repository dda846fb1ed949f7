using System.Text;
using System.Text.Json.Nodes;
using Gateway.HostileInputTests.Corpus;

namespace Gateway.HostileInputTests.Events;

/// <summary>
/// Bodies in events: 6 MB (Lambda's payload limit) as text and as base64, at and just over
/// gateway.maxRequestBodySize (413 payload_too_large), base64 that is not (400 invalid_event), and text bodies holding
/// what JSON strings can hold (NUL and controls; not lone surrogates, which are not text).
/// </summary>
public sealed class EventBodyFamily : IEventFamily
{
    private static readonly string[] NotBase64 = ["Hello from Lambda", "abc", "@@@@", "YQ", "YQ=", "YQ===", "-_-_", "YWJj\u0000", "====", "Y", "YWJj!", "ü", "YW=Jj"];

    public string Name => "events-bodies";

    public IEnumerable<EventCase> Generate(CorpusSettings settings)
    {
        var ids = new CaseIds(Name);
        var post = EventBases.All.First(b => b.Name == "proxy-post-order").Document;
        var forwarded = new Expect.Forwarded(CorpusGateway.EventPrefix);
        const int limit = CorpusGateway.EventMaxBody;

        yield return Body(ids, post, "6 MB of text", new string('a', 6 << 20), base64: false, Expect.PayloadTooLarge);
        yield return Body(ids, post, "6 MB event of base64", Convert.ToBase64String(new byte[(6 << 20) / 4 * 3]), base64: true, Expect.PayloadTooLarge);
        yield return Body(ids, post, "text at the limit", new string('a', limit), base64: false, forwarded);
        yield return Body(ids, post, "text one byte over", new string('a', limit + 1), base64: false, Expect.PayloadTooLarge);
        yield return Body(ids, post, "multi-byte text one byte over", new string('é', limit / 2) + "a", base64: false, Expect.PayloadTooLarge);
        yield return Body(ids, post, "base64 at the limit", Convert.ToBase64String(new byte[limit]), base64: true, forwarded);
        yield return Body(ids, post, "base64 one byte over", Convert.ToBase64String(new byte[limit + 1]), base64: true, Expect.PayloadTooLarge);
        foreach (var text in NotBase64)
        {
            yield return Body(ids, post, $"not base64: {text}", text, base64: true, Expect.InvalidEvent);
        }
        // .NET's base64 decoder skips whitespace, as RFC 4648 lets decoders do.
        yield return Body(ids, post, "base64 with whitespace", "YW Jj\r\nZGVm", base64: true, forwarded);
        yield return Body(ids, post, "empty body marked base64", string.Empty, base64: true, forwarded);
        yield return Body(ids, post, "NUL and controls in a text body", "a\u0000b\u0001\r\n", base64: false, forwarded);
        // A lone surrogate is valid JSON escaping but not text: 400, as for invalid UTF-8.
        var loneSurrogate = post.DeepClone();
        loneSurrogate["body"] = "__body__";
        loneSurrogate["isBase64Encoded"] = false;
        yield return new EventCase(ids.Next("lone surrogate in a text body"),
            Encoding.UTF8.GetBytes(loneSurrogate.ToJsonString().Replace("__body__", "a\\ud800b", StringComparison.Ordinal)), Expect.InvalidEvent);
    }

    private static EventCase Body(CaseIds ids, JsonNode document, string label, string body, bool base64, Expect expected)
    {
        var copy = document.DeepClone();
        copy["body"] = body;
        copy["isBase64Encoded"] = base64;
        return new EventCase(ids.Next(label), Encoding.UTF8.GetBytes(copy.ToJsonString()), expected);
    }
}
