using Gateway.Configuration;

namespace Gateway.LocalHost;

/// <summary>One way a reloaded configuration lets through more than the one it replaces, on one route.</summary>
public sealed record AccessWidening(string Route, string Change)
{
    /// <summary>
    /// What <paramref name="after"/> relaxes compared with <paramref name="before"/>, route by route (routes are
    /// matched by name): a route gone (its requests now reach whichever route matches next, perhaps a public
    /// catch-all), its authentication removed or loosened, scopes or roles no longer demanded, a policy dropped.
    /// A truncated or half-edited file looks exactly like this, so a reload never does it silently.
    /// </summary>
    public static IReadOnlyList<AccessWidening> Between(GatewayConfig before, GatewayConfig after)
    {
        var now = after.Routes.ToDictionary(route => route.Name, StringComparer.Ordinal);
        var found = new List<AccessWidening>();
        foreach (var old in before.Routes)
        {
            if (!now.TryGetValue(old.Name, out var route))
            {
                found.Add(new(old.Name, "the route was removed; its requests now go to whichever route matches next"));
                continue;
            }
            if (route.Auth.Requirement != old.Auth.Requirement && Strictness(route.Auth.Requirement) <= Strictness(old.Auth.Requirement))
            {
                found.Add(new(old.Name, $"auth changed from {Describe(old.Auth.Requirement)} to {Describe(route.Auth.Requirement)}"));
            }
            AddDropped(found, old.Name, "scopes", old.Auth.Scopes, route.Auth.Scopes);
            AddDropped(found, old.Name, "roles", old.Auth.Roles, route.Auth.Roles);
            AddDropped(found, old.Name, "policies", old.Policies.Select(p => p.Name), route.Policies.Select(p => p.Name));
        }
        return found;
    }

    /// <summary>None lets anyone in, any takes either credential, jwt and apiKey one kind each (so a switch between them widens too).</summary>
    private static int Strictness(AuthRequirement requirement) => requirement switch
    {
        AuthRequirement.None => 0,
        AuthRequirement.Any => 1,
        _ => 2,
    };

    /// <summary>As the configuration spells it.</summary>
    private static string Describe(AuthRequirement requirement) => requirement switch
    {
        AuthRequirement.None => "none (public)",
        AuthRequirement.Jwt => "jwt",
        AuthRequirement.ApiKey => "apiKey",
        _ => "any",
    };

    private static void AddDropped(List<AccessWidening> found, string route, string what, IEnumerable<string> before, IEnumerable<string> after)
    {
        var dropped = before.Except(after, StringComparer.Ordinal).ToArray();
        if (dropped.Length > 0)
        {
            found.Add(new(route, $"{what} dropped: {string.Join(", ", dropped)}"));
        }
    }
}
