using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace Gateway.Cli.Sam;

/// <summary>
/// Resolves intrinsic functions in a template value the way SAM CLI does for local runs (aws-sam-cli 1.164,
/// <c>samcli/lib/intrinsic_resolver/intrinsics_symbol_table.py</c>, with the parameter values as its translator):
/// <c>Ref</c> to a parameter gives its override or default, to a pseudo parameter SAM's fixed local value
/// (<c>us-east-1</c>, <c>123456789012</c>, …), to anything else its logical id; <c>GetAtt X.Arn</c> gives a Lambda
/// function ARN named after X (SAM builds it for any resource); <c>Sub</c> substitutes the same. Anything else
/// stays unresolved, and SAM passes an unresolved value to the function as an empty string.
/// </summary>
public sealed partial class SamIntrinsics(IReadOnlyDictionary<string, string> parameters, YamlMappingNode? resources)
{
    /// <summary>SAM CLI's <c>DEFAULT_PSEUDO_PARAM_VALUES</c>, which it puts among the parameter values.</summary>
    public static IReadOnlyDictionary<string, string> PseudoParameters { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["AWS::AccountId"] = "123456789012",
        ["AWS::Partition"] = "aws",
        ["AWS::Region"] = "us-east-1",
        ["AWS::StackName"] = "local",
        ["AWS::StackId"] = "arn:aws:cloudformation:us-east-1:123456789012:stack/local/51af3dc0-da77-11e4-872e-1234567db123",
        ["AWS::URLSuffix"] = "localhost",
    };

    /// <summary>The value as SAM hands it to the function: a string, or null when SAM would leave it unresolved.</summary>
    public string? Resolve(YamlNode node) => node switch
    {
        YamlScalarNode { Tag.IsEmpty: true } scalar => scalar.Value,
        YamlScalarNode { Tag.Value: "!Ref" } scalar => Ref(scalar.Value!),
        YamlScalarNode { Tag.Value: "!GetAtt" } scalar => GetAtt(scalar.Value!),
        YamlScalarNode { Tag.Value: "!Sub" } scalar => Sub(scalar.Value!),
        YamlMappingNode { Children.Count: 1 } mapping => mapping.Children.Single() switch
        {
            (YamlScalarNode { Value: "Ref" }, YamlScalarNode target) => Ref(target.Value!),
            (YamlScalarNode { Value: "Fn::GetAtt" }, YamlScalarNode target) => GetAtt(target.Value!),
            (YamlScalarNode { Value: "Fn::GetAtt" }, YamlSequenceNode { Children: [YamlScalarNode id, YamlScalarNode attribute] }) => GetAtt($"{id.Value}.{attribute.Value}"),
            (YamlScalarNode { Value: "Fn::Sub" }, YamlScalarNode text) => Sub(text.Value!),
            _ => null,
        },
        _ => null,
    };

    private string Ref(string name) =>
        parameters.TryGetValue(name, out var value) ? value : PseudoParameters.TryGetValue(name, out var pseudo) ? pseudo : name;

    private string? GetAtt(string target)
    {
        var dot = target.IndexOf('.', StringComparison.Ordinal);
        if (dot < 0 || target[(dot + 1)..] != "Arn")
        {
            return null;
        }
        var logicalId = target[..dot];
        return $"arn:{Ref("AWS::Partition")}:lambda:{Ref("AWS::Region")}:{Ref("AWS::AccountId")}:function:{FunctionName(logicalId)}";
    }

    private string FunctionName(string logicalId) =>
        resources is not null &&
        resources.Children.TryGetValue(new YamlScalarNode(logicalId), out var resource) &&
        resource is YamlMappingNode r && r.Children.TryGetValue(new YamlScalarNode("Properties"), out var properties) &&
        properties is YamlMappingNode p && p.Children.TryGetValue(new YamlScalarNode("FunctionName"), out var name) &&
        name is YamlScalarNode { Tag.IsEmpty: true, Value: { } literal }
            ? literal
            : logicalId;

    private string? Sub(string text)
    {
        var unresolved = false;
        var result = Placeholder().Replace(text, match =>
        {
            var name = match.Groups["name"].Value;
            if (name.StartsWith('!'))
            {
                return "${" + name[1..] + "}";
            }
            var value = name.Contains('.', StringComparison.Ordinal) && !name.StartsWith("AWS::", StringComparison.Ordinal) ? GetAtt(name) : Ref(name);
            unresolved |= value is null;
            return value ?? string.Empty;
        });
        return unresolved ? null : result;
    }

    [GeneratedRegex(@"\$\{(?<name>[^}]+)\}", RegexOptions.CultureInvariant)]
    private static partial Regex Placeholder();
}
