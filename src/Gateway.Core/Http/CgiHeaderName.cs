namespace Gateway.Http;

/// <summary>
/// Header names as upstreams read them: case-insensitively, and CGI-style servers (WSGI, Rack, PHP) read '_' as '-',
/// so <c>X_User_ID</c> reaches them as <c>X-User-ID</c>. Checks that protect an upstream match names this way.
/// </summary>
public static class CgiHeaderName
{
    public static bool Same(string name, string other)
    {
        if (name.Length != other.Length)
        {
            return false;
        }
        for (var i = 0; i < name.Length; i++)
        {
            if (Fold(name[i]) != Fold(other[i]))
            {
                return false;
            }
        }
        return true;
    }

    private static char Fold(char c) => c == '_' ? '-' : char.ToLowerInvariant(c);
}
