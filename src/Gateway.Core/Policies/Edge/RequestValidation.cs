using System.Text.Json;
using Gateway.Configuration;
using Gateway.Http;
using Gateway.Pipeline;
using Gateway.Policies.Edge.Schema;

namespace Gateway.Policies.Edge;

/// <summary>The schema a route's request bodies must match.</summary>
public sealed class RequestValidationSettings
{
    internal RequestValidationSettings(JsonSchema schema) => Schema = schema;

    internal JsonSchema Schema { get; }
}

/// <summary>
/// Checks the request's JSON body against the route's schema before anything else reads it, and refuses a body that
/// does not match (400, naming the first problems and where they are). POST, PUT and PATCH must have a body; other
/// methods without one pass.
/// </summary>
public sealed class RequestValidationPolicy(RequestValidationSettings settings) : IGatewayPolicy
{
    public ValueTask<GatewayResponse> InvokeAsync(GatewayContext context, RequestDelegate next)
    {
        var request = context.Request;
        if (request.Body.IsEmpty)
        {
            return request.Method is "POST" or "PUT" or "PATCH"
                ? Refuse(context, "this route requires a JSON body")
                : next(context);
        }

        var errors = new SchemaErrors();
        try
        {
            using var document = JsonDocument.Parse(request.Body);
            settings.Schema.Validate(document.RootElement, errors);
        }
        catch (JsonException)
        {
            return Refuse(context, "the request body is not valid JSON");
        }
        return errors.Count == 0
            ? next(context)
            : Refuse(context, "the request body does not match the route's schema: " + string.Join("; ", errors.Messages));
    }

    private static ValueTask<GatewayResponse> Refuse(GatewayContext context, string message) =>
        ValueTask.FromResult(GatewayErrors.Create(context, 400, ErrorCodes.InvalidRequest, message));
}

/// <summary>The <c>requestValidation</c> policy: <c>{ schema: { type: object, required: [...], properties: {...} } }</c>.</summary>
public sealed class RequestValidationFactory : PolicyFactory<RequestValidationSettings>
{
    public static RequestValidationFactory Instance { get; } = new();

    public override string Name => "requestValidation";

    public override PolicyPhase Phase => PolicyPhase.Edge;

    /// <summary>The schema is checked against the parsed body.</summary>
    public override BodyNeeds BodyNeeds => BodyNeeds.Request;

    protected override RequestValidationSettings? Read(ConfigNode node)
    {
        node.AllowKeys("schema");
        if (!node["schema"].Exists)
        {
            node["schema"].Error("is required: a JSON Schema (keywords: " + string.Join(", ", JsonSchemaReader.Keywords) + ")");
            return null;
        }
        return new RequestValidationSettings(JsonSchemaReader.Read(node["schema"]));
    }

    protected override IGatewayPolicy Create(RequestValidationSettings settings, PolicyBuildContext context) => new RequestValidationPolicy(settings);
}
