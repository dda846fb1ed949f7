using System.Net;
using System.Text;
using Gateway.Identity;
using Gateway.Pipeline;
using Gateway.Policies.Transforms;
using Gateway.Testing;

namespace Gateway.UnitTests.Policies;

public sealed class JsonBodyMappingTests
{
    private static string Config(string steps, string policy = "requestBody", string extra = "") => $"""
        services:
          api: {"{"} url: "http://upstream.test" {"}"}
        routes:
          - name: orders
            path: /orders
            service: api
            policies:
              {policy}:
                {extra}
                steps:
        {Indent(steps, 10)}
        """;

    private static string Indent(string text, int spaces) =>
        string.Join('\n', text.Split('\n').Select(line => new string(' ', spaces) + line));

    private static string Map(string steps, string body, CallerIdentity? identity = null)
    {
        var (mapped, problem) = TryMap(steps, body, identity);
        Assert.True(problem is null, problem);
        return mapped!;
    }

    private static (string? Body, string? Problem) TryMap(string steps, string body, CallerIdentity? identity = null)
    {
        var config = TestGateway.LoadConfig(Config(steps));
        var settings = (BodyTransformSettings)config.Routes[0].Policies[0].Settings;
        var context = new GatewayContext(Requests.Create("POST", "/orders"), "req-1", new EdgeContext(null, identity, StageContext.Default), default);
        var mapped = settings.Mapping.Apply(Encoding.UTF8.GetBytes(body), context, out var problem);
        return (mapped is null ? null : Encoding.UTF8.GetString(mapped), problem);
    }

    private static string ProblemsOf(string steps) => string.Join('\n', TestGateway.Problems(Config(steps)));

    [Fact]
    public void Translates_a_v1_order_into_the_v2_shape()
    {
        var v2 = Map("""
            - move: { customer_id: customer.id, customer_name: customer.name }
            - rename: { items: lines, "lines[].qty": quantity }
            - remove: [debug, "lines[].legacy_code"]
            - set: { apiVersion: 2, "customer.tenant": "${auth.tenant}" }
            """,
            """{"customer_id":"c-42","customer_name":"Ada","items":[{"sku":"tea","qty":2,"legacy_code":"T1"},{"sku":"mug","qty":1}],"debug":true,"note":"ring twice"}""",
            new CallerIdentity { Kind = CredentialKind.ApiKey, Subject = "k", Tenant = "acme" });

        Assert.Equal(
            """{"lines":[{"sku":"tea","quantity":2},{"sku":"mug","quantity":1}],"note":"ring twice","customer":{"id":"c-42","name":"Ada","tenant":"acme"},"apiVersion":2}""",
            v2);
    }

    [Fact]
    public void Copies_untouched_values_byte_for_byte_and_keeps_field_order()
    {
        var mapped = Map("- remove: [drop]", """{"price":1.50, "big":12345678901234567890,"name":"caf\u00e9","city":"Zürich","drop":0,"nested":{ "z":1,"a":[true,null] }}""");

        Assert.Equal("""{"price":1.50,"big":12345678901234567890,"name":"caf\u00e9","city":"Zürich","nested":{ "z":1,"a":[true,null] }}""", mapped);
    }

    [Fact]
    public void Replaced_and_renamed_fields_keep_their_place()
    {
        Assert.Equal("""{"a":1,"b":"new","c":3}""", Map("- set: { b: new }", """{"a":1,"b":2,"c":3}"""));
        Assert.Equal("""{"a":1,"bee":2,"c":3}""", Map("- rename: { b: bee }", """{"a":1,"b":2,"c":3}"""));
    }

    [Fact]
    public void Flattens_nested_fields()
    {
        var mapped = Map("- move: { customer.id: customer_id, customer.address.city: city }", """{"customer":{"id":"c-1","address":{"city":"Oslo","zip":"0150"}}}""");

        Assert.Equal("""{"customer":{"address":{"zip":"0150"}},"customer_id":"c-1","city":"Oslo"}""", mapped);
    }

    [Fact]
    public void Unwraps_and_wraps_the_body()
    {
        var mapped = Map("""
            - unwrap: data.order
            - wrap: payload
            - set: { version: "2" }
            """, """{"data":{"order":{"id":7}},"meta":{}}""");

        Assert.Equal("""{"payload":{"id":7},"version":"2"}""", mapped);
    }

    [Fact]
    public void Moving_a_field_under_itself_nests_it()
    {
        Assert.Equal("""{"amount":{"value":10},"currency":"EUR"}""", Map("- move: { amount: amount.value }\n- set: { currency: EUR }", """{"amount":10}"""));
    }

    [Fact]
    public void Maps_each_element_of_a_top_level_array_and_of_nested_arrays()
    {
        Assert.Equal("""[{"identifier":1},{"identifier":2,"x":0}]""", Map("- rename: { \"[].id\": identifier }", """[{"id":1},{"id":2,"x":0}]"""));

        var nested = Map("""- rename: { "orders[].lines[].qty": quantity }""", """{"orders":[{"lines":[{"qty":1},{"qty":2}]},{"lines":[]}]}""");
        Assert.Equal("""{"orders":[{"lines":[{"quantity":1},{"quantity":2}]},{"lines":[]}]}""", nested);
    }

    [Fact]
    public void Set_values_keep_their_yaml_types_and_templates_are_evaluated_per_request()
    {
        var mapped = Map("""
            - set:
                count: 2
                label: "2"
                ratio: 0.5
                enabled: true
                nothing: null
                tags: [a, 1]
                meta: { source: gateway }
                who: "${auth.sub}"
                greeting: "hello ${auth.sub}"
                literal: "no template here"
            """, "{}", new CallerIdentity { Kind = CredentialKind.Jwt, Subject = "u-1" });

        Assert.Equal(
            """{"count":2,"label":"2","ratio":0.5,"enabled":true,"nothing":null,"tags":["a",1],"meta":{"source":"gateway"},"who":"u-1","greeting":"hello u-1","literal":"no template here"}""",
            mapped);
    }

    [Fact]
    public void Absent_fields_are_skipped_without_leaving_empty_objects()
    {
        Assert.Equal("""{"other":1}""", Map("- move: { customer_id: customer.id }\n- rename: { \"items[].qty\": quantity }", """{"other":1}"""));
    }

    [Fact]
    public void Later_steps_see_what_earlier_steps_did()
    {
        var mapped = Map("""
            - move: { a: b }
            - set: { a: 1 }
            - move: { b: c.d }
            """, """{"a":"original"}""");

        Assert.Equal("""{"a":1,"c":{"d":"original"}}""", mapped);
    }

    [Theory]
    [InlineData("not json", "is not valid JSON")]
    [InlineData("""{"customer":"c-1"}""", "\"customer\" is not an object")]
    [InlineData("""{"items":{"qty":1}}""", "\"items\" is not an array")]
    [InlineData("""{"customer":{"id":1},"items":[{"qty":1},"oops"]}""", "\"items[]\" is not an object")]
    public void A_body_of_the_wrong_shape_fails_as_a_whole(string body, string expected)
    {
        var (mapped, problem) = TryMap("- set: { customer.tier: gold }\n- rename: { \"items[].qty\": quantity }", body);

        Assert.Null(mapped);
        Assert.Contains(expected, problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Unwrapping_an_absent_envelope_fails()
    {
        var (mapped, problem) = TryMap("- unwrap: data", """{"result":1}""");

        Assert.Null(mapped);
        Assert.Contains("\"data\" is missing", problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("- move: { \"items[].qty\": qty }", "in different arrays")]
    [InlineData("- rename: { a: b.c }", "is not a field name")]
    [InlineData("- remove: [\"items[]\"]", "must end with a field name")]
    [InlineData("- set: { meta: { a: 1 } }\n- set: { meta.b: 2 }", "inside a value an earlier step set")]
    [InlineData("- remove: [a]\n- move: { a: b }", "nothing is left at \"a\"")]
    [InlineData("- copy: { a: b }", "unknown step \"copy\"")]
    [InlineData("- { move: { a: b }, remove: [c] }", "each step is a mapping with one of")]
    [InlineData("- move: { a..b: c }", "has an empty field name")]
    [InlineData("- rename: { \"items[].qty\": quantity }\n- set: { items.count: 1 }", "mapped element by element")]
    [InlineData("- unwrap: \"items[]\"", "unwrap takes a path without []")]
    [InlineData("- set: { x: \"${nope}\" }", "unknown template variable")]
    public void Reports_a_mapping_it_cannot_perform_at_load(string steps, string expected)
    {
        Assert.Contains(expected, ProblemsOf(steps), StringComparison.Ordinal);
    }

    [Fact]
    public void Problems_name_the_file_line_and_step()
    {
        var problem = Assert.Single(TestGateway.Problems(Config("- rename: { a: b }\n- move: { \"x[].y\": z }")));

        Assert.Equal("test.yaml:12: routes[0].policies.requestBody.steps[1].move.x[].y: \"x[].y\" and \"z\" are in different arrays: a field inside an array's elements moves within its element", problem.ToString());
    }

    [Fact]
    public async Task The_request_policy_forwards_the_mapped_body_and_refuses_what_it_cannot_map()
    {
        var upstream = new StubUpstreamHandler();
        var gateway = TestGateway.Build(Config("- move: { customer_id: customer.id }", extra: "maxSize: 64"), upstream);

        await gateway.HandleAsync(Requests.Create("POST", "/orders", body: """{"customer_id":"c-1"}"""), Requests.Anonymous);
        Assert.Equal("""{"customer":{"id":"c-1"}}""", Encoding.UTF8.GetString(upstream.LastBody));

        var notJson = await gateway.HandleAsync(Requests.Create("POST", "/orders", body: "customer=c-1"), Requests.Anonymous);
        Assert.Equal(400, notJson.StatusCode);
        Assert.Contains("\"code\":\"invalid_request\"", Requests.BodyText(notJson), StringComparison.Ordinal);

        var tooLarge = await gateway.HandleAsync(Requests.Create("POST", "/orders", body: $$"""{"customer_id":"{{new string('x', 64)}}"}"""), Requests.Anonymous);
        Assert.Equal(413, tooLarge.StatusCode);

        await gateway.HandleAsync(Requests.Create("GET", "/orders"), Requests.Anonymous);
        Assert.Empty(upstream.LastBody);
        Assert.Equal(2, upstream.Requests.Count);
    }

    [Fact]
    public async Task The_response_policy_maps_successful_json_answers_only()
    {
        var status = HttpStatusCode.OK;
        var body = """{"data":{"id":1}}""";
        string? encoding = null;
        var upstream = new StubUpstreamHandler(_ =>
        {
            var content = new StringContent(body, Encoding.UTF8, "application/json");
            if (encoding is not null)
            {
                content.Headers.ContentEncoding.Add(encoding);
            }
            return new HttpResponseMessage(status) { Content = content };
        });
        var gateway = TestGateway.Build(Config("- unwrap: data", policy: "responseBody"), upstream);

        var mapped = await gateway.HandleAsync(Requests.Create("GET", "/orders", headers: ("Accept-Encoding", "gzip")), Requests.Anonymous);
        Assert.Equal("""{"id":1}""", Requests.BodyText(mapped));
        Assert.False(upstream.LastRequest.Headers.Contains("Accept-Encoding"));

        status = HttpStatusCode.NotFound;
        var notFound = await gateway.HandleAsync(Requests.Create("GET", "/orders"), Requests.Anonymous);
        Assert.Equal((404, body), (notFound.StatusCode, Requests.BodyText(notFound)));

        status = HttpStatusCode.OK;
        body = "<html>oops</html>";
        var notJson = await gateway.HandleAsync(Requests.Create("GET", "/orders"), Requests.Anonymous);
        Assert.Equal(502, notJson.StatusCode);
        Assert.Contains("is not valid JSON", Requests.BodyText(notJson), StringComparison.Ordinal);

        body = """{"data":{}}""";
        encoding = "gzip";
        var compressed = await gateway.HandleAsync(Requests.Create("GET", "/orders"), Requests.Anonymous);
        Assert.Equal(502, compressed.StatusCode);
        Assert.Contains("is compressed (gzip)", Requests.BodyText(compressed), StringComparison.Ordinal);
    }
}
