using Gateway.Identity;

namespace Gateway.UnitTests.Lambda;

public sealed class AuthorizerContextTests
{
    [Fact]
    public void An_identity_survives_the_round_trip_through_an_authorizer_context()
    {
        var identity = new CallerIdentity
        {
            Kind = CredentialKind.ApiKey, Subject = "key_1", Tenant = "acme", Plan = "free", Org = "org-9", KeyId = "k1",
            Roles = ["reader", "writer"], Scopes = ["orders:read"],
        };

        var context = AuthorizerContext.FromIdentity(identity);
        var read = AuthorizerContext.ToIdentity(context);

        Assert.NotNull(read);
        Assert.Equal(identity.Tenant, read.Tenant);
        Assert.Equal(identity.Plan, read.Plan);
        Assert.Equal(identity.Roles, read.Roles);
        Assert.Equal(identity.Scopes, read.Scopes);
        Assert.Equal(CredentialKind.ApiKey, read.Kind);
    }

    [Fact]
    public void A_context_without_a_credential_kind_is_no_identity() =>
        Assert.Null(AuthorizerContext.ToIdentity(new Dictionary<string, string> { ["key"] = "value" }));
}
