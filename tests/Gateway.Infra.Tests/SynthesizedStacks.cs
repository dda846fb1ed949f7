using Amazon.CDK;
using Amazon.CDK.Assertions;
using Gateway.Configuration;
using Gateway.Infra;
using Gateway.Infra.Functions;
using Gateway.Testing;

namespace Gateway.Infra.Tests;

/// <summary>
/// One synthesized stack: CDK's assertion API over it, its JSON for checks that read values, and the templates of
/// the nested stacks routes overflowed into (none for a configuration that fits one stack).
/// </summary>
public sealed record SynthesizedStack(string Stage, bool RestApiFront, Template Template, StackTemplate Json, IReadOnlyList<StackTemplate> Nested)
{
    /// <summary>The stack's template and its nested stacks' templates.</summary>
    public IEnumerable<StackTemplate> AllTemplates => Nested.Prepend(Json);

    public override string ToString() => $"{Stage}{(RestApiFront ? " + REST front" : string.Empty)}";
}

/// <summary>
/// Synthesizes the stack once per stage and API option, in-process (jsii is slow: every test shares these). The
/// configuration is tests/Gateway.Infra.Tests/gateway.infra-test.yaml, which uses every feature the stack maps.
/// Bundling is switched off (CDK's <c>aws:cdk:bundling-stacks</c>): the function code is not what is under test
/// here, and <see cref="CliSynthTests"/> runs the real bundling through the CDK CLI.
/// </summary>
public sealed class SynthesizedStacks
{
    public static readonly string ConfigPath = Path.Combine(RepositoryPaths.Root, "tests", "Gateway.Infra.Tests", "gateway.infra-test.yaml");

    private readonly Dictionary<(string Stage, bool RestApiFront), SynthesizedStack> _stacks = [];

    public SynthesizedStacks()
    {
        System.Environment.SetEnvironmentVariable("JSII_SILENCE_WARNING_DEPRECATED_NODE_VERSION", "1");
        Config = GatewayConfigFile.Load(ConfigPath);
        foreach (var restApiFront in new[] { false, true })
        {
            foreach (var stack in Synthesize(Config, restApiFront))
            {
                _stacks[(stack.Stage, restApiFront)] = stack;
            }
        }
    }

    public GatewayConfig Config { get; }

    public SynthesizedStack Get(string stage, bool restApiFront) => _stacks[(stage, restApiFront)];

    /// <summary>Every stage of <paramref name="config"/> in one app, as the CDK app itself builds them (by default on the default platform).</summary>
    public static IReadOnlyList<SynthesizedStack> Synthesize(GatewayConfig config, bool restApiFront, LambdaPlatform? platform = null)
    {
        var app = new App(new AppProps { Context = new Dictionary<string, object> { ["aws:cdk:bundling-stacks"] = Array.Empty<string>() } });
        var stacks = GatewayStacks.Add(app, config, config.Stages.Values.ToList(), RepositoryLayout.Locate(), restApiFront, platform ?? LambdaPlatform.Default);
        return stacks.Select(stack =>
        {
            var template = Template.FromStack(stack);
            var nested = stack.RouteStacks.Nested.Select(nestedStack => Json(Template.FromStack(nestedStack))).ToList();
            return new SynthesizedStack(stack.GatewayStage.Name, restApiFront, template, Json(template), nested);
        }).ToList();
    }

    private static StackTemplate Json(Template template) => StackTemplate.Parse(Newtonsoft.Json.JsonConvert.SerializeObject(template.ToJSON()));
}

[CollectionDefinition(Name)]
public sealed class SynthesizedStacksCollection : ICollectionFixture<SynthesizedStacks>
{
    public const string Name = "synthesized stacks";
}
