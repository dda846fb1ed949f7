using Gateway.Testing;

namespace Gateway.UnitTests.Policies;

public sealed class RequestValidationTests
{
    private const string Config = """
        services:
          api: { url: "http://upstream.test" }
        routes:
          - name: create-order
            path: /orders
            methods: [GET, POST]
            service: api
            policies:
              requestValidation:
                schema:
                  $schema: https://json-schema.org/draft/2020-12/schema
                  title: A v1 order
                  type: object
                  required: [customer_id, items]
                  additionalProperties: false
                  properties:
                    customer_id: { type: string, pattern: "^c-[0-9]+$", minLength: 3, maxLength: 12 }
                    channel: { enum: [web, "app", 3] }
                    version: { const: 1 }
                    note: { type: [string, "null"], maxLength: 3 }
                    items:
                      type: array
                      minItems: 1
                      maxItems: 3
                      uniqueItems: true
                      items:
                        type: object
                        required: [sku, qty]
                        additionalProperties: { type: string }
                        properties:
                          sku: { type: string }
                          qty: { type: integer, minimum: 1, exclusiveMaximum: 100 }
                          price: { type: number, exclusiveMinimum: 0, maximum: 1000 }
                    meta: { type: object, minProperties: 1, maxProperties: 2 }
        """;

    private static async Task<(int Status, string Body, int Forwarded)> SendAsync(string method, string? body)
    {
        var upstream = new StubUpstreamHandler();
        var response = await TestGateway.Build(Config, upstream).HandleAsync(Requests.Create(method, "/orders", body: body), Requests.Anonymous);
        return (response.StatusCode, Requests.BodyText(response), upstream.Requests.Count);
    }

    [Theory]
    [InlineData("""{"customer_id":"c-42","items":[{"sku":"tea","qty":2}]}""")]
    [InlineData("""{"customer_id":"c-42","items":[{"sku":"tea","qty":2.0,"price":0.5,"gift":"yes"}],"channel":3,"version":1,"note":null,"meta":{"a":1}}""")]
    public async Task A_body_that_matches_is_forwarded(string body)
    {
        var (status, _, forwarded) = await SendAsync("POST", body);

        Assert.Equal(200, status);
        Assert.Equal(1, forwarded);
    }

    [Theory]
    [InlineData("""{"items":[{"sku":"tea","qty":1}]}""", "customer_id: is required")]
    [InlineData("""{"customer_id":42,"items":[{"sku":"tea","qty":1}]}""", "customer_id: must be of type string")]
    [InlineData("""{"customer_id":"x-1","items":[{"sku":"tea","qty":1}]}""", "customer_id: must match the pattern ^c-[0-9]+$")]
    [InlineData("""{"customer_id":"c-1234567890123","items":[{"sku":"tea","qty":1}]}""", "customer_id: must be at most 12 characters long")]
    [InlineData("""{"customer_id":"c-1","items":[]}""", "items: must have at least 1 items")]
    [InlineData("""{"customer_id":"c-1","items":[{"sku":"a","qty":1},{"sku":"a","qty":1}]}""", "items: must not repeat items")]
    [InlineData("""{"customer_id":"c-1","items":[{"sku":"tea","qty":0}]}""", "items[0].qty: must be at least 1")]
    [InlineData("""{"customer_id":"c-1","items":[{"sku":"tea","qty":1.5}]}""", "items[0].qty: must be of type integer")]
    [InlineData("""{"customer_id":"c-1","items":[{"sku":"tea","qty":100}]}""", "items[0].qty: must be less than 100")]
    [InlineData("""{"customer_id":"c-1","items":[{"sku":"tea","qty":1,"price":0}]}""", "items[0].price: must be greater than 0")]
    [InlineData("""{"customer_id":"c-1","items":[{"sku":"tea","qty":1,"gift":true}]}""", "items[0].gift: must be of type string")]
    [InlineData("""{"customer_id":"c-1","items":[{"sku":"tea","qty":1}],"extra":1}""", "extra: is not allowed")]
    [InlineData("""{"customer_id":"c-1","items":[{"sku":"tea","qty":1}],"channel":"fax"}""", "channel: must be one of \"web\", \"app\", 3")]
    [InlineData("""{"customer_id":"c-1","items":[{"sku":"tea","qty":1}],"version":2}""", "version: must be 1")]
    [InlineData("""{"customer_id":"c-1","items":[{"sku":"tea","qty":1}],"note":"long"}""", "note: must be at most 3 characters long")]
    [InlineData("""{"customer_id":"c-1","items":[{"sku":"tea","qty":1}],"meta":{}}""", "meta: must have at least 1 properties")]
    [InlineData("""[1]""", "(the body): must be of type object")]
    public async Task A_body_that_does_not_match_is_refused_naming_where(string body, string expected)
    {
        var (status, response, forwarded) = await SendAsync("POST", body);

        Assert.Equal(400, status);
        Assert.Contains("\"code\":\"invalid_request\"", response, StringComparison.Ordinal);
        Assert.Contains(expected, System.Text.Json.JsonDocument.Parse(response).RootElement.GetProperty("error").GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, forwarded);
    }

    [Fact]
    public async Task Reports_several_problems_at_once()
    {
        var (_, response, _) = await SendAsync("POST", """{"customer_id":1,"items":[{"qty":0}]}""");

        Assert.Contains("customer_id: must be of type string; items[0].sku: is required; items[0].qty: must be at least 1", response, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Counts_characters_not_utf16_units()
    {
        var (status, _, _) = await SendAsync("POST", """{"customer_id":"c-1","items":[{"sku":"tea","qty":1}],"note":"😀😀😀"}""");

        Assert.Equal(200, status);
    }

    [Fact]
    public async Task Requires_a_json_body_on_post_but_not_on_get()
    {
        Assert.Equal(400, (await SendAsync("POST", null)).Status);
        Assert.Equal(400, (await SendAsync("POST", "{not json")).Status);
        Assert.Equal(200, (await SendAsync("GET", null)).Status);
    }

    [Theory]
    [InlineData("format: email", "unknown field")]
    [InlineData("oneOf: []", "unknown field")]
    [InlineData("type: text", "\"text\" is not a JSON Schema type")]
    [InlineData("pattern: \"(\"", "is not a valid regular expression")]
    [InlineData("minLength: -1", "must be between 0 and")]
    [InlineData("properties: { a: 5 }", "must be a schema")]
    public void Keywords_it_cannot_enforce_are_configuration_errors(string schema, string expected)
    {
        var problems = TestGateway.PolicyProblems("requestValidation", $"{{ schema: {{ {schema} }} }}");

        Assert.Contains(problems, p => p.ToString().Contains(expected, StringComparison.Ordinal));
    }
}
