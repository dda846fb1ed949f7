using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using Gateway.Configuration;
using Gateway.Pipeline;

namespace Gateway.Policies.Transforms.Json;

/// <summary>
/// A declarative JSON body mapping: steps that move, rename, remove and set fields, wrap and unwrap the body, inside
/// objects or in each element of an array. The steps are worked out into a plan once, at load; per body, the input
/// is parsed once (pooled, no object per field) and the output written in one pass, fields the mapping does not
/// touch copied as they are.
/// </summary>
internal sealed class JsonBodyMapping
{
    // Reused per thread: a mapping runs synchronously from parse to copy-out, so one writer per thread is enough.
    // A buffer grown past this size is let go rather than kept for the thread's lifetime.
    private const int KeptBufferBytes = 64 * 1024;

    [ThreadStatic]
    private static ArrayBufferWriter<byte>? t_buffer;

    [ThreadStatic]
    private static Utf8JsonWriter? t_writer;

    // Names and strings the mapping writes keep their characters (é stays é): the output is a JSON document for an
    // API, not text embedded in HTML, which is what the default encoder's extra escaping protects.
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly PlanNode _root;

    private JsonBodyMapping(PlanNode root) => _root = root;

    public static IReadOnlyList<string> StepNames { get; } = ["move", "rename", "remove", "set", "wrap", "unwrap"];

    /// <summary>Reads the steps, reporting each problem on the step that has it; null when any step is invalid.</summary>
    public static JsonBodyMapping? Read(ConfigNode steps)
    {
        if (!steps.Exists)
        {
            steps.Error("is required: a list of steps (" + string.Join(", ", StepNames) + ")");
            return null;
        }
        var builder = new MappingPlanBuilder();
        var valid = true;
        foreach (var step in steps.Items())
        {
            valid &= ReadStep(step, builder);
        }
        return valid && steps.IsSequence ? new JsonBodyMapping(builder.Root) : null;
    }

    /// <summary>
    /// Maps <paramref name="body"/>. On failure returns null with the reason (not JSON, or not the shape the mapping
    /// needs); no partly mapped body is ever returned.
    /// </summary>
    public byte[]? Apply(ReadOnlyMemory<byte> body, GatewayContext context, out string? problem)
    {
        var buffer = t_buffer ??= new ArrayBufferWriter<byte>(4096);
        var writer = t_writer ??= new Utf8JsonWriter(buffer, WriterOptions);
        buffer.ResetWrittenCount();
        writer.Reset(buffer);
        try
        {
            using var document = JsonDocument.Parse(body);
            _root.Write(writer, document.RootElement, context);
            writer.Flush();
            problem = null;
            return buffer.WrittenSpan.ToArray();
        }
        catch (JsonException exception)
        {
            problem = $"is not valid JSON ({FirstSentence(exception.Message)})";
            return null;
        }
        catch (BodyMappingException exception)
        {
            problem = $"does not have the shape the mapping expects: {exception.Message}";
            return null;
        }
        finally
        {
            if (buffer.Capacity > KeptBufferBytes)
            {
                t_buffer = null;
                t_writer = null;
            }
        }
    }

    private static bool ReadStep(ConfigNode step, MappingPlanBuilder builder)
    {
        var entries = step.Entries().ToArray();
        if (entries.Length != 1)
        {
            step.Error($"each step is a mapping with one of: {string.Join(", ", StepNames)}");
            return false;
        }
        var (kind, node) = entries[0];
        switch (kind)
        {
            case "move":
                return ReadPairs(node, (from, value) =>
                    BodyPath.TryParse(value.RequiredString(), out var to, out var problem) ? builder.Move(from, to!) : problem);
            case "rename":
                return ReadPairs(node, (from, value) => value.RequiredString() is var to && !IsFieldName(to)
                    ? $"\"{to}\" is not a field name (rename keeps a field where it is; move changes its place)"
                    : from.LastName is null ? "rename a field, not an array's elements" : builder.Move(from, from.WithLastName(to)));
            case "remove":
                return ReadPaths(node, node.StringList(), builder.Remove);
            case "set":
                return ReadPairs(node, (path, value) => builder.Set(path, ConstantOrTemplate(value)));
            case "wrap":
                var name = node.RequiredString();
                if (name.Length == 0)
                {
                    return false;
                }
                if (!IsFieldName(name))
                {
                    node.Error($"\"{name}\" is not a field name");
                    return false;
                }
                builder.Wrap(name);
                return true;
            case "unwrap":
                return node.RequiredString() is { Length: > 0 } envelope && ReadPaths(node, [envelope], builder.Unwrap);
            default:
                step.Error($"unknown step \"{kind}\"{Configuration.Sections.Suggestions.DidYouMean(kind, StepNames)} (expected one of: {string.Join(", ", StepNames)})");
                return false;
        }
    }

    /// <summary>A mapping of paths to targets (move, rename) or values (set), applied in file order.</summary>
    private static bool ReadPairs(ConfigNode node, Func<BodyPath, ConfigNode, string?> apply)
    {
        if (!node.IsMapping)
        {
            node.Error("must be a mapping of paths");
            return false;
        }
        var valid = true;
        foreach (var (key, value) in node.Entries())
        {
            var problem = BodyPath.TryParse(key, out var path, out var parseProblem) ? apply(path!, value) : parseProblem;
            if (problem is not null)
            {
                value.Error(problem);
                valid = false;
            }
        }
        return valid;
    }

    private static bool ReadPaths(ConfigNode node, IReadOnlyList<string> paths, Func<BodyPath, string?> apply)
    {
        if (paths.Count == 0)
        {
            node.Error("lists no paths");
            return false;
        }
        var valid = true;
        foreach (var text in paths)
        {
            var problem = BodyPath.TryParse(text, out var path, out var parseProblem) ? apply(path!) : parseProblem;
            if (problem is not null)
            {
                node.Error(problem);
                valid = false;
            }
        }
        return valid;
    }

    /// <summary>
    /// A set value: YAML-typed JSON (<c>2</c> is a number, <c>"2"</c> a string, mappings and lists objects and
    /// arrays), or, for a string with <c>${…}</c>, a template evaluated per request.
    /// </summary>
    private static PlanNode ConstantOrTemplate(ConfigNode value)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            value.WriteJson(writer);
        }
        var json = buffer.WrittenSpan.ToArray();
        if (json[0] == (byte)'"' && value.String() is { } text && text.Contains("${", StringComparison.Ordinal))
        {
            var template = ValueTemplate.Parse(text, value);
            if (!template.IsLiteral)
            {
                return new TemplateNode(template);
            }
        }
        return new ConstantNode(json);
    }

    private static bool IsFieldName(string name) => name.Length > 0 && name.AsSpan().IndexOfAny(".[]") < 0;

    private static string FirstSentence(string message)
    {
        var end = message.IndexOf(". ", StringComparison.Ordinal);
        return end < 0 ? message.TrimEnd('.') : message[..end];
    }
}
