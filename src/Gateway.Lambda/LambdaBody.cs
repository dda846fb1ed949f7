using System.Buffers;
using System.Buffers.Text;
using System.Text;
using Gateway.Http;

namespace Gateway.Lambda;

/// <summary>
/// Bodies in API Gateway payloads are JSON strings: text as is, anything else base64-encoded. Both payload formats
/// share these rules.
/// </summary>
internal static class LambdaBody
{
    /// <summary>Decodes a body read as its UTF-8 bytes (<see cref="ApiGatewayEvents.Utf8StringConverter"/>), reusing them: base64 is decoded in place.</summary>
    public static bool TryDecode(byte[]? body, bool isBase64Encoded, out ReadOnlyMemory<byte> bytes)
    {
        bytes = default;
        if (body is null || body.Length == 0)
        {
            return true;
        }
        if (!isBase64Encoded)
        {
            bytes = body;
            return true;
        }
        if (Base64.DecodeFromUtf8InPlace(body, out var written) != OperationStatus.Done)
        {
            return false;
        }
        bytes = body.AsMemory(0, written);
        return true;
    }

    /// <summary>Text that survives a JSON string unchanged travels as text; everything else as base64.</summary>
    public static (string? Body, bool IsBase64Encoded) Encode(GatewayResponse response)
    {
        if (response.Body.IsEmpty)
        {
            return (null, false);
        }
        var body = response.Body.Span;
        return IsTextual(response.Headers.Get(HeaderNames.ContentType)) && System.Text.Unicode.Utf8.IsValid(body)
            ? (Encoding.UTF8.GetString(body), false)
            : (Convert.ToBase64String(body), true);
    }

    private static bool IsTextual(string? contentType)
    {
        if (contentType is null)
        {
            return false;
        }
        var mediaType = contentType.AsSpan();
        var semicolon = mediaType.IndexOf(';');
        if (semicolon >= 0)
        {
            mediaType = mediaType[..semicolon];
        }
        mediaType = mediaType.Trim();
        return mediaType.StartsWith("text/", StringComparison.OrdinalIgnoreCase) ||
               mediaType.EndsWith("+json", StringComparison.OrdinalIgnoreCase) ||
               mediaType.EndsWith("+xml", StringComparison.OrdinalIgnoreCase) ||
               mediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase) ||
               mediaType.Equals("application/xml", StringComparison.OrdinalIgnoreCase) ||
               mediaType.Equals("application/javascript", StringComparison.OrdinalIgnoreCase) ||
               mediaType.Equals("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase);
    }
}
