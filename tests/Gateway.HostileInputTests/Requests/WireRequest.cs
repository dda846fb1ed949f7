using System.Text;

namespace Gateway.HostileInputTests.Requests;

/// <summary>
/// A request as HTTP/1.1 bytes, written verbatim: whatever a case put in the target, a name or a value (CR LF
/// included) goes on the wire as it is, UTF-8 encoded. Every request asks the server to close the connection, so the
/// answer is read to the end.
/// </summary>
public static class WireRequest
{
    public static byte[] From(HostileRequest request)
    {
        var head = new StringBuilder();
        head.Append(request.Method).Append(' ').Append(request.Target).Append(" HTTP/1.1\r\n");
        if (request.Host is not null)
        {
            head.Append("Host: ").Append(request.Host).Append("\r\n");
        }
        foreach (var (name, value) in request.Headers)
        {
            head.Append(name).Append(": ").Append(value).Append("\r\n");
        }
        if (request.Body.Length > 0)
        {
            head.Append("Content-Length: ").Append(request.Body.Length).Append("\r\n");
        }
        head.Append("Connection: close\r\n\r\n");
        return [.. Encoding.UTF8.GetBytes(head.ToString()), .. request.Body];
    }

    /// <summary>Bytes written by hand, for framing cases; <c>\n</c> in <paramref name="text"/> stays a bare LF.</summary>
    public static byte[] Raw(string text) => Encoding.UTF8.GetBytes(text);
}
