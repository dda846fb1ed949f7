using YamlDotNet.RepresentationModel;

namespace Gateway.Cli.Sam;

/// <summary>
/// A function as template.yaml declares it: its handler, size, log settings, and the environment variables it
/// declares with their values as SAM resolves them locally (null: left unresolved, which SAM passes as empty).
/// </summary>
public sealed record SamFunction(
    string LogicalId,
    string Handler,
    int MemorySize,
    int Timeout,
    string? LogFormat,
    string? ApplicationLogLevel,
    IReadOnlyDictionary<string, string?> Variables);

/// <summary>
/// Reads the functions out of a SAM template, the way <c>sam local invoke</c> does: a function's properties over
/// <c>Globals.Function</c> (environment variables merged, the function's winning), intrinsic functions resolved
/// as <see cref="SamIntrinsics"/> describes, parameters from their defaults unless overridden.
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

    /// <summary>The function, with <paramref name="parameterOverrides"/> (<c>--parameter-overrides</c>) over the parameters' defaults.</summary>
    public SamFunction? FindFunction(string logicalId, IReadOnlyDictionary<string, string>? parameterOverrides = null)
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
        var intrinsics = new SamIntrinsics(Parameters(parameterOverrides), Mapping(_root, "Resources"));
        var variables = new Dictionary<string, string?>(StringComparer.Ordinal);
        AddVariables(globals, variables, intrinsics);
        AddVariables(properties, variables, intrinsics);
        var logging = Mapping(properties, "LoggingConfig") ?? Mapping(globals, "LoggingConfig");
        return new SamFunction(
            logicalId,
            handler,
            Number(properties, globals, "MemorySize", DefaultMemorySize),
            Number(properties, globals, "Timeout", DefaultTimeout),
            Scalar(logging, "LogFormat"),
            Scalar(logging, "ApplicationLogLevel"),
            variables);
    }

    // SAM's defaults for a function that sets neither.
    private const int DefaultMemorySize = 128;
    private const int DefaultTimeout = 3;

    private Dictionary<string, string> Parameters(IReadOnlyDictionary<string, string>? overrides)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in Mapping(_root, "Parameters")?.Children ?? Enumerable.Empty<KeyValuePair<YamlNode, YamlNode>>())
        {
            if (key is YamlScalarNode { Value: { } name } && Scalar(value as YamlMappingNode, "Default") is { } fallback)
            {
                values[name] = fallback;
            }
        }
        foreach (var (name, value) in overrides ?? new Dictionary<string, string>())
        {
            values[name] = value;
        }
        return values;
    }

    private static int Number(YamlMappingNode? properties, YamlMappingNode? globals, string key, int fallback) =>
        int.TryParse(Scalar(properties, key) ?? Scalar(globals, key), System.Globalization.CultureInfo.InvariantCulture, out var value) ? value : fallback;

    private static void AddVariables(YamlMappingNode? owner, Dictionary<string, string?> variables, SamIntrinsics intrinsics)
    {
        foreach (var (key, value) in Mapping(Mapping(owner, "Environment"), "Variables")?.Children ?? Enumerable.Empty<KeyValuePair<YamlNode, YamlNode>>())
        {
            if (key is YamlScalarNode { Value: { } name })
            {
                variables[name] = intrinsics.Resolve(value);
            }
        }
    }

    private static YamlMappingNode? Mapping(YamlNode? node, string key) =>
        node is YamlMappingNode mapping && mapping.Children.TryGetValue(new YamlScalarNode(key), out var child) ? child as YamlMappingNode : null;

    private static YamlMappingNode? Mapping(YamlNode? node) => node as YamlMappingNode;

    private static string? Scalar(YamlMappingNode? node, string key) =>
        node is not null && node.Children.TryGetValue(new YamlScalarNode(key), out var child) ? (child as YamlScalarNode)?.Value : null;
}
