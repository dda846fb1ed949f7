using Gateway.Testing;
using YamlDotNet.RepresentationModel;

namespace Gateway.Infra.Tests;

/// <summary>
/// template.yaml is the CDK stack's local twin: for each function, the same handler, runtime, architecture, sizes and
/// environment variable names as the stack synthesized from infra/gateway.yaml. Only the Parameters and Secrets
/// extension's own variables are the stack's alone: the extension is an AWS layer, and locally GATEWAY_JWT_SECRET
/// stands in for it. The twin's alone are local-only variables, declared empty (SAM passes a function only what
/// its template declares). Auth: the stack puts an authorizer on every route that requires a credential; the twin
/// has none, so it must not be deployable.
/// </summary>
[Collection(SynthesizedStacksCollection.Name)]
public sealed class SamTemplateDriftTests
{
    private static readonly string[] ExtensionVariablePrefixes = ["PARAMETERS_SECRETS_EXTENSION_", "SECRETS_MANAGER_", "SSM_PARAMETER_STORE_"];

    private static readonly Lazy<StackTemplate> Stack = new(() =>
        SynthesizedStacks.Synthesize(GatewayConfigFile.Load(RepositoryPaths.SampleConfig), restApiFront: false).Single(s => s.Stage == "dev").Json);

    public static TheoryData<string> Functions() => new() { "ProxyFunction", "AuthorizerFunction" };

    [Fact]
    public void Both_declare_the_same_functions()
    {
        Assert.Equal(Stack.Value.OfType("AWS::Lambda::Function").Keys.Order(), SamFunctions().Keys.Order());
    }

    [Theory]
    [MemberData(nameof(Functions))]
    public void Each_function_has_the_same_handler_runtime_architecture_and_sizes(string function)
    {
        var sam = SamFunctions()[function];
        var cdk = Stack.Value.Properties(function);

        Assert.Equal((string)cdk["Handler"]!, sam.Scalar("Handler"));
        Assert.Equal((string)cdk["Runtime"]!, sam.Scalar("Runtime"));
        Assert.Equal(StackTemplate.Strings(cdk["Architectures"]), sam.List("Architectures"));
        Assert.Equal(StackTemplate.Int(cdk["MemorySize"]).ToString(System.Globalization.CultureInfo.InvariantCulture), sam.Scalar("MemorySize"));
        Assert.Equal(StackTemplate.Int(cdk["Timeout"]).ToString(System.Globalization.CultureInfo.InvariantCulture), sam.Scalar("Timeout"));
    }

    [Theory]
    [MemberData(nameof(Functions))]
    public void Each_function_gets_the_same_environment_variable_names(string function)
    {
        var cdk = Stack.Value.Properties(function)["Environment"]!["Variables"]!.AsObject().Select(pair => pair.Key)
            .Where(name => !ExtensionVariablePrefixes.Any(prefix => name.StartsWith(prefix, StringComparison.Ordinal)));

        var sam = SamFunctions()[function];

        Assert.Equal(cdk.Order(StringComparer.Ordinal), sam.EnvironmentNames.Except(sam.LocalOnlyNames).Order(StringComparer.Ordinal));
        Assert.Empty(sam.LocalOnlyNames.Intersect(cdk));
    }

    [Theory]
    [InlineData("ProxyFunction", new[] { "AWS_ENDPOINT_URL_DYNAMODB", "DEMO_UPSTREAM_URL" })]
    [InlineData("AuthorizerFunction", new[] { "AWS_ENDPOINT_URL_DYNAMODB", "GATEWAY_JWT_SECRET" })]
    public void Each_function_declares_the_variables_local_runs_need_empty(string function, string[] localOnly)
    {
        Assert.Equal(localOnly, SamFunctions()[function].LocalOnlyNames.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void The_stack_authorizes_every_protected_route_while_the_twin_attaches_no_authorizer_and_has_no_deploy_section()
    {
        var stackAuthorizes = Stack.Value.OfType("AWS::ApiGatewayV2::Route").Values.Count(route => (string)route["Properties"]!["AuthorizationType"]! == "CUSTOM");
        var samconfig = File.ReadAllText(Path.Combine(RepositoryPaths.Root, "samconfig.toml"));

        // HttpApiTests checks which routes get which authorizer; here only that the stack has them and the twin none.
        Assert.True(stackAuthorizes > 0);
        Assert.DoesNotContain(
            SamResources().SelectMany(resource => resource.AllNodes).OfType<YamlMappingNode>(),
            node => node.Children.ContainsKey(new YamlScalarNode("Auth")) || node.Children.ContainsKey(new YamlScalarNode("Authorizer")));
        Assert.DoesNotContain(".deploy.", samconfig, StringComparison.Ordinal);
    }

    [Fact]
    public void The_drift_check_reads_template_yaml_the_way_SAM_merges_globals()
    {
        var proxy = SamFunctions()["ProxyFunction"];

        Assert.Equal("provided.al2023", proxy.Scalar("Runtime"));
        Assert.Contains("GATEWAY_TABLE_NAME", proxy.EnvironmentNames);
        Assert.DoesNotContain("GATEWAY_JWT_SECRET_ARN", proxy.EnvironmentNames);
        Assert.Contains("GATEWAY_JWT_SECRET_ARN", SamFunctions()["AuthorizerFunction"].EnvironmentNames);
    }

    /// <summary>A function in template.yaml: its own properties over <c>Globals.Function</c>, as SAM merges them.</summary>
    private sealed record SamFunction(YamlMappingNode Properties, YamlMappingNode Globals)
    {
        public string? Scalar(string key) => (Find(Properties, key) ?? Find(Globals, key)) is YamlScalarNode scalar ? scalar.Value : null;

        public IReadOnlyList<string> List(string key) =>
            (Find(Properties, key) ?? Find(Globals, key)) is YamlSequenceNode list ? list.Children.Select(item => ((YamlScalarNode)item).Value!).ToArray() : [];

        /// <summary>Environment variables are merged by name: globals first, then the function's own.</summary>
        public IReadOnlySet<string> EnvironmentNames =>
            new[] { Globals, Properties }
                .Select(owner => Find(Find(owner, "Environment") as YamlMappingNode, "Variables") as YamlMappingNode)
                .Where(variables => variables is not null)
                .SelectMany(variables => variables!.Children.Keys.Select(key => ((YamlScalarNode)key).Value!))
                .ToHashSet(StringComparer.Ordinal);

        /// <summary>Variables the twin declares with an empty value: set only by local runs.</summary>
        public IReadOnlySet<string> LocalOnlyNames =>
            new[] { Globals, Properties }
                .Select(owner => Find(Find(owner, "Environment") as YamlMappingNode, "Variables") as YamlMappingNode)
                .Where(variables => variables is not null)
                .SelectMany(variables => variables!.Children.Where(pair => pair.Value is YamlScalarNode { Tag.IsEmpty: true, Value: "" }).Select(pair => ((YamlScalarNode)pair.Key).Value!))
                .ToHashSet(StringComparer.Ordinal);

        private static YamlNode? Find(YamlMappingNode? node, string key) =>
            node is not null && node.Children.TryGetValue(new YamlScalarNode(key), out var child) ? child : null;
    }

    private static IEnumerable<YamlNode> SamResources() => ((YamlMappingNode)LoadTemplate()["Resources"]).Children.Values;

    private static YamlMappingNode LoadTemplate()
    {
        var stream = new YamlStream();
        using (var reader = File.OpenText(RepositoryPaths.Template))
        {
            stream.Load(reader);
        }
        return (YamlMappingNode)stream.Documents[0].RootNode;
    }

    private static Dictionary<string, SamFunction> SamFunctions()
    {
        var root = LoadTemplate();
        var globals = (YamlMappingNode)((YamlMappingNode)root["Globals"])["Function"];
        return ((YamlMappingNode)root["Resources"]).Children
            .Where(pair => ((YamlScalarNode)((YamlMappingNode)pair.Value)["Type"]).Value == "AWS::Serverless::Function")
            .ToDictionary(pair => ((YamlScalarNode)pair.Key).Value!, pair => new SamFunction((YamlMappingNode)((YamlMappingNode)pair.Value)["Properties"], globals));
    }
}
