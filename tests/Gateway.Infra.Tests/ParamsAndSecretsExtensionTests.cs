using Amazon.CDK;
using Amazon.CDK.AWS.Lambda;
using Amazon.CDK.Assertions;
using Gateway.Infra;
using Gateway.Infra.Functions;
using Gateway.Infra.Scale;

namespace Gateway.Infra.Tests;

/// <summary>
/// The authorizer's Parameters and Secrets extension layer: a region CDK's layer map lacks is refused before
/// anything deploys (at synth when the region is known, by a CloudFormation rule that lists exactly the map's regions
/// otherwise), and a layer ARN given in the context replaces the map.
/// </summary>
[Collection(SynthesizedStacksCollection.Name)]
public sealed class ParamsAndSecretsExtensionTests(SynthesizedStacks stacks)
{
    private static readonly ParamsAndSecretsOptions Options = new() { HttpPort = 2773 };

    [Fact]
    public void A_region_agnostic_stack_refuses_regions_outside_the_layer_map_with_a_rule_listing_exactly_the_maps_regions()
    {
        var template = stacks.Get("dev", false).Json;

        var layer = template.Properties("AuthorizerFunction")["Layers"]![0]!["Fn::FindInMap"]!.AsArray();
        var map = template.Root["Mappings"]![(string)layer[0]!]!.AsObject();
        var key = (string)layer[2]!;
        var mapped = map.Where(region => region.Value![key] is not null).Select(region => region.Key).Order(StringComparer.Ordinal).ToArray();
        var assertion = template.Root["Rules"]!["ParamsAndSecretsLayerRegion"]!["Assertions"]![0]!;
        var contains = assertion["Assert"]!["Fn::Contains"]!.AsArray();

        Assert.Equal(mapped, StackTemplate.Strings(contains[0]));
        Assert.Equal("AWS::Region", (string)contains[1]!["Ref"]!);
        Assert.Contains("-c paramsAndSecretsLayerArn=ARN", (string)assertion["AssertDescription"]!, StringComparison.Ordinal);
        Assert.Contains("eu-west-1", mapped);
        Assert.Equal(mapped, ParamsAndSecretsExtension.Regions(LambdaPlatform.Default));
    }

    [Fact]
    public void A_stack_in_a_region_the_map_lacks_is_refused_at_synth_naming_the_way_out()
    {
        var missing = Assert.Throws<UndeployableConfigurationException>(() => ParamsAndSecretsExtension.Layer(StackIn("mx-central-1"), LambdaPlatform.Default, Options));

        Assert.Contains("region mx-central-1", missing.Message, StringComparison.Ordinal);
        Assert.Contains("-c paramsAndSecretsLayerArn=ARN", missing.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_stack_in_a_mapped_region_needs_no_rule()
    {
        var stack = StackIn("eu-west-1");
        var layer = ParamsAndSecretsExtension.Layer(stack, LambdaPlatform.Default, Options);
        UseLayer(stack, layer);

        Assert.Null(Parse(stack).Root["Rules"]?["ParamsAndSecretsLayerRegion"]);
    }

    [Fact]
    public void A_layer_arn_from_the_context_replaces_the_map_and_its_rule()
    {
        const string Arn = "arn:aws:lambda:mx-central-1:123456789012:layer:AWS-Parameters-and-Secrets-Lambda-Extension:20";
        var stack = StackIn(region: null, (ParamsAndSecretsExtension.LayerArnContextKey, Arn));
        UseLayer(stack, ParamsAndSecretsExtension.Layer(stack, LambdaPlatform.Default, Options));

        var template = Parse(stack);
        var function = template.OfType("AWS::Lambda::Function").Values.Single()["Properties"]!;
        Assert.Equal([Arn], StackTemplate.Strings(function["Layers"]));
        Assert.Null(template.Root["Rules"]?["ParamsAndSecretsLayerRegion"]);
        Assert.Null(template.Root["Mappings"]);
    }

    [Theory]
    [InlineData("AWS-Parameters-and-Secrets-Lambda-Extension:20")]
    [InlineData("arn:aws:lambda:eu-west-1:123456789012:function:not-a-layer:1")]
    [InlineData("arn:aws:lambda:eu-west-1:123456789012:layer:AWS-Parameters-and-Secrets-Lambda-Extension:latest")]
    public void A_context_value_that_is_not_a_layer_version_arn_is_refused(string arn)
    {
        var refused = Assert.Throws<UndeployableConfigurationException>(() =>
            ParamsAndSecretsExtension.Layer(StackIn(region: null, (ParamsAndSecretsExtension.LayerArnContextKey, arn)), LambdaPlatform.Default, Options));

        Assert.Contains("is not a Lambda layer version ARN", refused.Message, StringComparison.Ordinal);
    }

    private static StackTemplate Parse(Stack stack) => StackTemplate.Parse(System.Text.Json.JsonSerializer.Serialize(Template.FromStack(stack).ToJSON()));

    private static Stack StackIn(string? region, params (string Key, string Value)[] context)
    {
        var app = new App(new AppProps { Context = context.ToDictionary(entry => entry.Key, entry => (object)entry.Value) });
        return new Stack(app, "extension-test", new StackProps { Env = region is null ? null : new Amazon.CDK.Environment { Region = region } });
    }

    private static void UseLayer(Stack stack, ParamsAndSecretsLayerVersion layer) =>
        _ = new Function(stack, "Reader", new FunctionProps
        {
            // Any function takes the layer; an inline Node.js one needs no bundle.
            Runtime = Runtime.NODEJS_20_X,
            Handler = "index.handler",
            Code = Code.FromInline("exports.handler = async () => ({});"),
            ParamsAndSecrets = layer,
        });
}
