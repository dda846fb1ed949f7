using Gateway.Configuration;
using Gateway.Grpc;
using Gateway.Policies;
using Gateway.ProtoText;

namespace Gateway.GrpcTests;

/// <summary>gRPC services and routes in the configuration: every mistake is a config problem with its file and line.</summary>
public sealed class GrpcConfigTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("gateway-grpc-config").FullName;

    public GrpcConfigTests() =>
        File.Copy(TestProtos.ProtoPath, Path.Combine(_directory, "tester.proto"));

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void A_grpc_route_resolves_its_method_against_the_proto()
    {
        var result = Load(Config("gateway.test.Tester/Echo", "/v1/echo/{name}"));

        var route = Assert.Single(result.Config!.Routes);
        Assert.Equal("/gateway.test.Tester/Echo", route.Grpc!.Path);
        Assert.Equal(ServiceProtocol.Grpc, result.Config.Services["tester"].Protocol);
    }

    [Theory]
    [InlineData("gateway.test.Tester/Ech", 9, "routes[0].grpc.method: service gateway.test.Tester has no method \"Ech\" (it has: Echo, Watch)")]
    [InlineData("gateway.test.Testr/Echo", 9, "routes[0].grpc.method: ", "defines no service \"gateway.test.Testr\" (it defines: gateway.test.Tester)")]
    [InlineData("Echo", 9, "routes[0].grpc.method: \"Echo\" is not package.Service/Method")]
    [InlineData("gateway.test.Tester/Watch", 9, "routes[0].grpc.method: gateway.test.Tester/Watch is a server-streaming method; the gateway transcodes unary methods only")]
    public void A_method_that_cannot_be_called_is_a_problem_at_its_line(string method, int line, string problem, string? tail = null)
    {
        var found = Assert.Single(Load(Config(method, "/v1/echo")).Problems);

        Assert.Equal(line, found.Line);
        Assert.StartsWith(problem, found.Path + ": " + found.Message);
        Assert.EndsWith(tail ?? problem, found.Path + ": " + found.Message);
    }

    [Fact]
    public void A_path_parameter_must_name_a_scalar_field_of_the_request()
    {
        var problems = Load(Config("gateway.test.Tester/Echo", "/v1/{nmae}/{payload}")).Problems;

        Assert.Collection(problems,
            p => Assert.Equal("routes[0].path: path parameter {nmae} names no field of gateway.test.EchoRequest (its fields: name, id, color, tags, payload, failWith, failMessage, delayMs)", $"{p.Path}: {p.Message}"),
            p => Assert.Equal("routes[0].path: path parameter {payload} names gateway.test.EchoRequest.payload, which is not a single scalar or enum", $"{p.Path}: {p.Message}"));
    }

    [Fact]
    public void A_proto_that_does_not_parse_is_a_problem_at_its_own_file_and_line()
    {
        File.WriteAllText(Path.Combine(_directory, "tester.proto"), "syntax = \"proto3\";\npackage broken;\nmessage A {\n  int32 x = ;\n}\n");

        var problem = Assert.Single(Load(Config("broken.S/M", "/v1/echo")).Problems);

        Assert.Equal(Path.Combine(_directory, "tester.proto"), problem.File);
        Assert.Equal(4, problem.Line);
    }

    [Fact]
    public void A_missing_proto_is_a_problem_at_the_line_that_names_it()
    {
        var problem = Assert.Single(Load(Config("gateway.test.Tester/Echo", "/v1/echo").Replace("tester.proto", "missing.proto", StringComparison.Ordinal)).Problems);

        Assert.Equal((5, "services.tester.proto"), (problem.Line, problem.Path));
        Assert.Contains("missing.proto does not exist", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_proto_path_with_a_nul_character_is_a_problem_at_its_line_not_an_exception()
    {
        var problem = Assert.Single(Load(Config("gateway.test.Tester/Echo", "/v1/echo").Replace("tester.proto", "\"test\\u0000er.proto\"", StringComparison.Ordinal)).Problems);

        Assert.Equal((5, "services.tester.proto"), (problem.Line, problem.Path));
        Assert.Contains("NUL", problem.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""
        services:
          web: { url: "http://127.0.0.1:1" }
        routes:
          - path: /a
            service: web
            grpc: { method: gateway.test.Tester/Echo }
        """, "routes[0].grpc: service \"web\" is not a gRPC service (protocol: grpc)")]
    [InlineData("""
        services:
          tester: { url: "http://127.0.0.1:1", protocol: grpc, proto: tester.proto }
        routes:
          - path: /a
            service: tester
        """, "routes[0].grpc: a route to the gRPC service \"tester\" names the method it calls: grpc.method: package.Service/Method")]
    [InlineData("""
        services:
          web: { url: "http://127.0.0.1:1", proto: tester.proto }
        routes:
          - path: /a
            service: web
        """, "services.web.proto: only a gRPC service has a .proto; add protocol: grpc or remove proto")]
    [InlineData("""
        services:
          tester: { url: "http://127.0.0.1:1", protocol: grpc, proto: tester.proto }
        routes:
          - path: /a
            compose: { parts: { one: { service: tester, path: /x } } }
        """, "routes[0].compose.parts.one.service: service \"tester\" is a gRPC service; a composed route calls HTTP services only")]
    [InlineData("""
        services:
          tester: { url: "http://127.0.0.1:1", protocol: grpc, proto: tester.proto }
        routes:
          - path: /a
            service: tester
            grpc: { method: gateway.test.Tester/Echo, metadata: [grpc-encoding] }
        """, "routes[0].grpc.metadata: \"grpc-encoding\" cannot be sent as gRPC metadata (reserved by gRPC or HTTP/2, or binary)")]
    public void Grpc_settings_must_agree_with_the_service_protocol(string yaml, string problem)
    {
        var found = Assert.Single(Load(yaml).Problems);

        Assert.Equal(problem, $"{found.Path}: {found.Message}");
    }

    [Fact]
    public void The_runtime_loader_reads_a_compiled_protoset_and_says_how_to_write_a_missing_one()
    {
        var yaml = Config("gateway.test.Tester/Echo", "/v1/echo");
        var runtime = new GatewayConfigLoader(PolicyCatalog.Default, _ => null);
        var missing = Assert.Single(runtime.Parse(yaml, Path.Combine(_directory, "gateway.yaml")).Problems);
        Assert.Contains("gatewayctl protos compile", missing.Message, StringComparison.Ordinal);

        var proto = Path.Combine(_directory, "tester.proto");
        File.WriteAllBytes(ProtosetCompiler.PathFor(proto), ProtoTextCompiler.ToProtoset(new ProtoTextCompiler().Compile(proto)));

        var loaded = runtime.Parse(yaml, Path.Combine(_directory, "gateway.yaml"));
        Assert.Empty(loaded.Problems);
        Assert.Equal("/gateway.test.Tester/Echo", loaded.Config!.Routes[0].Grpc!.Path);
    }

    private ConfigLoadResult Load(string yaml) =>
        new GatewayConfigLoader(PolicyCatalog.Default, _ => null, new ProtoTextCompiler()).Parse(yaml, Path.Combine(_directory, "gateway.yaml"));

    private static string Config(string method, string path) => $$"""
        services:
          tester:
            url: http://127.0.0.1:1
            protocol: grpc
            proto: tester.proto
        routes:
          - path: {{path}}
            service: tester
            grpc: { method: {{method}} }
        """;
}
