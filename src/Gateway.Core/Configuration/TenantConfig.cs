namespace Gateway.Configuration;

/// <summary>
/// A tenant the configuration declares, with the usage plan it is on. The optional REST API front gives each one an
/// AWS API key bound to that plan; the gateway's own keys are issued at run time (<c>gatewayctl keys issue</c>).
/// </summary>
public sealed record TenantConfig(string Name, string Plan);
