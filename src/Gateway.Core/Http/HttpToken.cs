namespace Gateway.Http;

/// <summary>RFC 9110 token syntax, which header names and methods must follow.</summary>
public static class HttpToken
{
    public static bool IsValid(ReadOnlySpan<char> value)
    {
        if (value.IsEmpty)
        {
            return false;
        }
        foreach (var c in value)
        {
            if (!IsTokenChar(c))
            {
                return false;
            }
        }
        return true;
    }

    private static bool IsTokenChar(char c) =>
        char.IsAsciiLetterOrDigit(c) || c is '!' or '#' or '$' or '%' or '&' or '\'' or '*' or '+' or '-' or '.' or '^' or '_' or '`' or '|' or '~';
}
