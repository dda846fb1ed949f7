using System.Text;
using Gateway.Http;
using Gateway.Pipeline;
using Gateway.Policies;
using Gateway.Policies.Transforms;
using Gateway.Testing;

namespace Gateway.UnitTests.Policies;

public sealed class CustomTransformTests
{
    private const string Config = """
        services:
          api: { url: "http://upstream.test" }
        routes:
          - name: api
            path: "/api/{proxy+}"
            stripPrefix: /api
            service: api
            policies:
              transforms: [sign, shout]
        """;

    /// <summary>Signs the request body; refuses requests without one.</summary>
    private sealed class Sign : IGatewayTransform
    {
        public string Name => "sign";

        public ValueTask<GatewayResponse?> TransformRequestAsync(GatewayContext context)
        {
            if (context.Request.Body.IsEmpty)
            {
                return ValueTask.FromResult<GatewayResponse?>(GatewayErrors.Create(context, 400, ErrorCodes.InvalidRequest, "nothing to sign"));
            }
            context.Request.Headers.Set("X-Signature", Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(context.Request.Body.Span)));
            return ValueTask.FromResult<GatewayResponse?>(null);
        }
    }

    /// <summary>Upper-cases the response body and rewrites the path to a traversal when asked to.</summary>
    private sealed class Shout : IGatewayTransform
    {
        public string Name => "shout";

        public ValueTask<GatewayResponse?> TransformRequestAsync(GatewayContext context)
        {
            if (context.Request.Headers.Contains("X-Escape"))
            {
                context.Request.Path = "/%2e%2e/admin";
            }
            return ValueTask.FromResult<GatewayResponse?>(null);
        }

        public ValueTask TransformResponseAsync(GatewayContext context, GatewayResponse response)
        {
            response.Body = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(response.Body.Span).ToUpperInvariant());
            return ValueTask.CompletedTask;
        }
    }

    private static readonly PolicyCatalog Catalog = PolicyCatalog.Default.WithTransforms(new Sign(), new Shout());

    [Fact]
    public async Task Registered_transforms_run_on_the_request_in_order_and_on_the_response()
    {
        var upstream = new StubUpstreamHandler();
        var gateway = TestGateway.Build(TestGateway.LoadConfig(Config, catalog: Catalog), upstream);

        var response = await gateway.HandleAsync(Requests.Create("POST", "/api/orders", body: "{}"), Requests.Anonymous);

        Assert.Equal("{\"OK\":TRUE}", Requests.BodyText(response));
        Assert.Equal(Convert.ToHexString(System.Security.Cryptography.SHA256.HashData("{}"u8)), upstream.LastRequest.Headers.GetValues("X-Signature").Single());
    }

    [Fact]
    public async Task A_transform_may_answer_the_request_itself()
    {
        var upstream = new StubUpstreamHandler();
        var gateway = TestGateway.Build(TestGateway.LoadConfig(Config, catalog: Catalog), upstream);

        var response = await gateway.HandleAsync(Requests.Create("GET", "/api/orders"), Requests.Anonymous);

        Assert.Equal(400, response.StatusCode);
        Assert.Empty(upstream.Requests);
    }

    [Fact]
    public async Task A_path_a_transform_leaves_behind_is_guarded_before_forwarding()
    {
        var upstream = new StubUpstreamHandler();
        var gateway = TestGateway.Build(TestGateway.LoadConfig(Config, catalog: Catalog), upstream);

        var response = await gateway.HandleAsync(Requests.Create("POST", "/api/orders", body: "{}", headers: ("X-Escape", "1")), Requests.Anonymous);

        Assert.Equal(400, response.StatusCode);
        Assert.Contains("invalid_path", Requests.BodyText(response), StringComparison.Ordinal);
        Assert.Empty(upstream.Requests);
    }

    [Fact]
    public void An_unknown_transform_name_is_a_configuration_error()
    {
        var problem = Assert.Single(TestGateway.Problems(Config.Replace("[sign, shout]", "[sing]", StringComparison.Ordinal), Catalog));

        Assert.Equal("test.yaml:9: routes[0].policies.transforms: unknown transform \"sing\" (known: shout, sign; see RegisteredTransforms) (did you mean \"sign\"?)", problem.ToString());
    }
}
