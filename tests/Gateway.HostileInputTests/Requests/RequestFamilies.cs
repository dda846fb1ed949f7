namespace Gateway.HostileInputTests.Requests;

/// <summary>
/// The request families, each run against the Lambda handler and the Kestrel host. A new family is one
/// <see cref="IRequestFamily"/> and one line here; credential families, which need the authorizer, are in
/// <see cref="Credentials.CredentialFamilies"/>.
/// </summary>
public static class RequestFamilies
{
    public static IReadOnlyList<IRequestFamily> All { get; } = [new PathFamily(), new HeaderFamily(), new BodyFamily()];

    public static IRequestFamily Named(string name) => All.Single(family => family.Name == name);
}
