using System.Text.Json;
using Gateway.Lambda.ApiGatewayEvents;
using Gateway.Testing;

namespace Gateway.UnitTests.Lambda;

/// <summary>The event contracts against the payloads AWS publishes (tests/fixtures/aws-events).</summary>
public sealed class EventContractTests
{
    private static T Read<T>(string file, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type) =>
        JsonSerializer.Deserialize(File.ReadAllBytes(Path.Combine(RepositoryPaths.AwsEventFixtures, file)), type)!;

    [Fact]
    public void Http_api_request_with_a_jwt_authorizer()
    {
        var request = Read("http-api-v2-request.json", ApiGatewayJsonContext.Default.APIGatewayHttpApiV2ProxyRequest);

        Assert.Equal("2.0", request.Version);
        Assert.Equal("$default", request.RouteKey);
        Assert.Equal("/my/path", request.RawPath);
        Assert.Equal("parameter1=value1&parameter1=value2&parameter2=value", request.RawQueryString);
        Assert.Equal(["cookie1", "cookie2"], request.Cookies!);
        Assert.Equal("value1", request.Headers!["Header1"]);
        Assert.Equal("value1,value2", request.QueryStringParameters!["parameter1"]);
        Assert.Equal("value2", request.StageVariables!["stageVariable2"]);
        Assert.Equal("Hello from Lambda", System.Text.Encoding.UTF8.GetString(request.Body!));
        Assert.True(request.IsBase64Encoded);

        var context = request.RequestContext!;
        Assert.Equal("123456789012", context.AccountId);
        Assert.Equal("api-id", context.ApiId);
        Assert.Equal("id.execute-api.us-east-1.amazonaws.com", context.DomainName);
        Assert.Equal("domain-id", context.DomainPrefix);
        Assert.Equal("request-id", context.RequestId);
        Assert.Equal("route-id", context.RouteId);
        Assert.Equal("$default-route", context.RouteKey);
        Assert.Equal("$default-stage", context.Stage);
        Assert.Equal("12/Mar/2020:19:03:58 +0000", context.Time);
        Assert.Equal(1583348638390, context.TimeEpoch);
        Assert.Equal(("POST", "/my/path", "HTTP/1.1", "IP", "agent"),
            (context.Http!.Method, context.Http.Path, context.Http.Protocol, context.Http.SourceIp, context.Http.UserAgent));
        Assert.Equal("value1", context.Authorizer!.Jwt!.Claims!["claim1"]);
        Assert.Equal(["scope1", "scope2"], context.Authorizer.Jwt.Scopes!);
    }

    [Fact]
    public void Http_api_request_after_a_lambda_authorizer()
    {
        var request = Read("http-api-v2-request-lambda-authorizer.json", ApiGatewayJsonContext.Default.APIGatewayHttpApiV2ProxyRequest);

        Assert.Equal("value", request.RequestContext!.Authorizer!.Lambda!["key"]);
        Assert.Equal("hello/world", request.PathParameters!["proxy"]);
        Assert.Equal("12/Mar/2020:19:03:58+0000", request.RequestContext.Time);
        Assert.Equal("GET", request.RequestContext.Http!.Method);
        Assert.Equal("{\r\n\t\"a\": 1\r\n}", System.Text.Encoding.UTF8.GetString(request.Body!)); // escaped in the event, read unescaped
        Assert.False(request.IsBase64Encoded);
    }

    [Fact]
    public void Http_api_request_after_iam_authorization()
    {
        var request = Read("http-api-v2-request-iam-authorizer.json", ApiGatewayJsonContext.Default.APIGatewayHttpApiV2ProxyRequest);

        var iam = request.RequestContext!.Authorizer!.Iam!;
        Assert.Equal("ARIA2ZJZYVUEREEIHAKY", iam.AccessKey);
        Assert.Equal("1234567890", iam.AccountId);
        Assert.Equal("AwsOrgId", iam.PrincipalOrgId);
        Assert.Equal("arn:aws:iam::1234567890:user/Admin", iam.UserArn);
        Assert.Equal("AROA2ZJZYVRE7Y3TUXHH6", iam.UserId);
    }

    [Fact]
    public void Rest_api_proxy_request()
    {
        var request = Read("rest-v1-proxy-request.json", ApiGatewayJsonContext.Default.APIGatewayProxyRequest);

        Assert.Equal("/{proxy+}", request.Resource);
        Assert.Equal("/hello/world", request.Path);
        Assert.Equal("POST", request.HttpMethod);
        Assert.Equal("gy415nuibc.execute-api.us-east-1.amazonaws.com", request.Headers!["Host"]);
        Assert.Equal("me", request.QueryStringParameters!["name"]);
        Assert.Equal("hello/world", request.PathParameters!["proxy"]);
        Assert.Equal("stageVariableValue", request.StageVariables!["stageVariableName"]);
        var context = request.RequestContext!;
        Assert.Equal(("testStage", "deef4878-7910-11e6-8f14-25afc3e9ae33", "gy415nuibc"), (context.Stage, context.RequestId, context.ApiId));
        Assert.Equal("192.168.196.186", context.Identity!.SourceIp);
        Assert.Equal("theApiKey", context.Identity.ApiKey);
        Assert.Equal(1519166937665, context.RequestTimeEpoch);
    }

    [Fact]
    public void Responses_serialize_to_the_published_shape()
    {
        var response = new APIGatewayHttpApiV2ProxyResponse
        {
            StatusCode = 201,
            Headers = new() { ["Content-Type"] = "application/json" },
            Cookies = ["a=1"],
            Body = "{}",
        };

        using var json = JsonDocument.Parse(JsonSerializer.Serialize(response, ApiGatewayJsonContext.Default.APIGatewayHttpApiV2ProxyResponse));
        var root = json.RootElement;
        Assert.Equal(201, root.GetProperty("statusCode").GetInt32());
        Assert.Equal("application/json", root.GetProperty("headers").GetProperty("Content-Type").GetString());
        Assert.Equal("a=1", root.GetProperty("cookies")[0].GetString());
        Assert.Equal("{}", root.GetProperty("body").GetString());
        Assert.False(root.GetProperty("isBase64Encoded").GetBoolean());
    }
}
