using YamlDotNet.RepresentationModel;

namespace Gateway.Cli.Sam;

/// <summary>A function as template.yaml declares it: its handler and the environment variables it gets.</summary>
public sealed record SamFunction(string LogicalId, string Handler, IReadOnlyDictionary<string, string> Environment);

/// <summary>
/// Reads the functions out of a SAM template, the way <c>sam local invoke</c> does: a function's properties over
/// <c>Globals.Function</c>. Values that only CloudFormation can resolve (<c>!Ref</c>, <c>!GetAtt</c>, <c>!Sub</c>)
/// are left out.
/// </summary>
public sealed class SamTemplate
{
    private const string FunctionType = "AWS::Serverless::Function";
    private readonly YamlMappingNode _root;

    private SamTemplate(YamlMappingNode root) => _root = root;

    public static SamTemplate Load(string path)
    {
        var stream = new YamlStream();
        using (var reader = File.OpenText(path))
        {
            stream.Load(reader);
        }
        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            throw new InvalidDataException($"{path} is not a SAM template (expected a YAML mapping)");
        }
        return new SamTemplate(root);
    }

    public IReadOnlyList<string> FunctionIds =>
        Mapping(_root, "Resources")?.Children
            .Where(pair => Scalar(Mapping(pair.Value), "Type") == FunctionType)
            .Select(pair => ((YamlScalarNode)pair.Key).Value!)
            .ToArray() ?? [];

    public SamFunction? FindFunction(string logicalId)
    {
        var resource = Mapping(Mapping(_root, "Resources"), logicalId);
        if (Scalar(resource, "Type") != FunctionType)
        {
            return null;
        }
        var properties = Mapping(resource, "Properties");
        var globals = Mapping(Mapping(_root, "Globals"), "Function");
        var handler = Scalar(properties, "Handler") ?? Scalar(globals, "Handler");
        if (handler is null)
        {
            return null;
        }
        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        AddVariables(globals, environment);
        AddVariables(properties, environment);
        return new SamFunction(logicalId, handler, environment);
    }

    private static void AddVariables(YamlMappingNode? owner, Dictionary<string, string> environment)
    {
        var variables = Mapping(Mapping(owner, "Environment"), "Variables");
        if (variables is null)
        {
            return;
        }
        foreach (var (key, value) in variables.Children)
        {
            if (key is YamlScalarNode { Value: { } name } && value is YamlScalarNode { Tag.IsEmpty: true, Value: { } text })
            {
                environment[name] = text;
            }
        }
    }

    private static YamlMappingNode? Mapping(YamlNode? node, string key) =>
        node is YamlMappingNode mapping && mapping.Children.TryGetValue(new YamlScalarNode(key), out var child) ? child as YamlMappingNode : null;

    private static YamlMappingNode? Mapping(YamlNode? node) => node as YamlMappingNode;

    private static string? Scalar(YamlMappingNode? node, string key) =>
        node is not null && node.Children.TryGetValue(new YamlScalarNode(key), out var child) ? (child as YamlScalarNode)?.Value : null;
}
