namespace Gateway.Http;

/// <summary>Header value checks shared by every place a value leaves the gateway.</summary>
public static class HeaderValue
{
    /// <summary>
    /// False for values with CR, LF, NUL or other control characters (horizontal tab excepted). Such a value can
    /// split a header (response splitting, request smuggling) and is dropped rather than sent.
    /// </summary>
    public static bool IsSafe(string value)
    {
        foreach (var c in value)
        {
            if (c < 0x20 ? c != '\t' : c == 0x7F)
            {
                return false;
            }
        }
        return true;
    }
}
