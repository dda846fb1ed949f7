using System.Globalization;
using System.Net.Http.Headers;

namespace Gateway.Http;

/// <summary>
/// Answers that never carry content (RFC 9110 §6.4.1): any answer to HEAD, and 1xx, 204 and 304. Their
/// <c>Content-Length</c>, when present, states the length of the representation a GET would have returned (HEAD, 304)
/// rather than bytes that follow, so it is neither read nor recomputed from the (empty) body.
/// </summary>
public static class BodilessAnswer
{
    public static bool Applies(string requestMethod, int status) =>
        requestMethod == "HEAD" || status is < 200 or 204 or 304;

    /// <summary>Carries the upstream's declared length over to the answer, where a length may be stated (not on 1xx or 204).</summary>
    public static void KeepDeclaredLength(HttpContentHeaders upstream, int status, HeaderCollection answer)
    {
        if (status is >= 200 and not 204 &&
            upstream.NonValidated.TryGetValues(HeaderNames.ContentLength, out var values) &&
            values.Count == 1 &&
            long.TryParse(values.ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var length))
        {
            answer.Set(HeaderNames.ContentLength, length.ToString(CultureInfo.InvariantCulture));
        }
    }

    /// <summary>The length a bodiless answer declares, if it declares one that is a valid length.</summary>
    public static long? DeclaredLength(GatewayResponse response) =>
        response.Body.IsEmpty &&
        response.Headers.GetCombined(HeaderNames.ContentLength) is { } value &&
        long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var length)
            ? length
            : null;
}
