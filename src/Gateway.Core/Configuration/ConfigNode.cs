using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace Gateway.Configuration;

/// <summary>
/// A position in a YAML configuration tree, with typed readers that report problems with the file, line and field
/// path instead of throwing. YamlDotNet's representation model is used rather than its reflection-based
/// deserializer: it keeps every node's line and stays trim- and AOT-clean.
/// </summary>
public readonly partial struct ConfigNode
{
    private readonly YamlNode? _node;

    private ConfigNode(ConfigDocument document, YamlNode? node, string path, int line)
    {
        Document = document;
        _node = node;
        Path = path;
        Line = line;
    }

    public ConfigDocument Document { get; }

    /// <summary>The field path, e.g. <c>routes[3].service</c>.</summary>
    public string Path { get; }

    /// <summary>The node's line, or the nearest present parent's line when the node is missing.</summary>
    public int Line { get; }

    /// <summary>True when the field is present and not null.</summary>
    public bool Exists => _node is not null && !IsNull(_node);

    public bool IsMapping => _node is YamlMappingNode;

    public bool IsSequence => _node is YamlSequenceNode;

    public static ConfigNode Root(ConfigDocument document, YamlNode? node) =>
        new(document, node, string.Empty, node is null ? 1 : LineOf(node));

    public ConfigNode this[string key]
    {
        get
        {
            var path = Path.Length == 0 ? key : $"{Path}.{key}";
            if (_node is YamlMappingNode mapping && mapping.Children.TryGetValue(new YamlScalarNode(key), out var child))
            {
                return new ConfigNode(Document, child, path, LineOf(child));
            }
            return new ConfigNode(Document, null, path, Line);
        }
    }

    public void Error(string message) => Document.Report(Line, Path, message);

    /// <summary>Reports every key of this mapping that is not one of <paramref name="known"/>, with the nearest known one.</summary>
    public void AllowKeys(params ReadOnlySpan<string> known)
    {
        if (_node is not YamlMappingNode mapping)
        {
            return;
        }
        foreach (var key in mapping.Children.Keys)
        {
            var name = (key as YamlScalarNode)?.Value ?? string.Empty;
            if (!known.Contains(name))
            {
                var path = Path.Length == 0 ? name : $"{Path}.{name}";
                var names = known.ToArray();
                var guess = Sections.Suggestions.Closest(name, names) is { } closest ? $"; did you mean \"{closest}\"?" : string.Empty;
                Document.Report(LineOf(key), path, $"unknown field{guess} (expected one of: {string.Join(", ", names)})");
            }
        }
    }

    /// <summary>The items of a sequence. A missing field yields none; anything but a sequence is a problem.</summary>
    public IEnumerable<ConfigNode> Items()
    {
        if (!Exists)
        {
            return [];
        }
        if (_node is not YamlSequenceNode sequence)
        {
            Error("must be a list");
            return [];
        }
        var self = this;
        return sequence.Children.Select((child, index) =>
            new ConfigNode(self.Document, child, $"{self.Path}[{index}]", LineOf(child)));
    }

    /// <summary>The entries of a mapping, in file order. A missing field yields none.</summary>
    public IEnumerable<(string Key, ConfigNode Value)> Entries()
    {
        if (!Exists)
        {
            return [];
        }
        if (_node is not YamlMappingNode mapping)
        {
            Error("must be a mapping of names to values");
            return [];
        }
        var self = this;
        return mapping.Children.Select(pair =>
        {
            var key = (pair.Key as YamlScalarNode)?.Value ?? string.Empty;
            var path = self.Path.Length == 0 ? key : $"{self.Path}.{key}";
            return (key, new ConfigNode(self.Document, pair.Value, path, LineOf(pair.Value)));
        });
    }

    /// <summary>The scalar value, with <c>${env.…}</c> resolved; null when missing.</summary>
    public string? String()
    {
        if (!Exists)
        {
            return null;
        }
        if (_node is not YamlScalarNode scalar)
        {
            Error("must be a single value");
            return null;
        }
        return Document.Interpolate(scalar.Value ?? string.Empty, Line, Path);
    }

    public string RequiredString()
    {
        var value = String();
        if (string.IsNullOrWhiteSpace(value))
        {
            if (!Exists)
            {
                Error("is required");
            }
            else if (value is not null)
            {
                Error("must not be empty");
            }
            return string.Empty;
        }
        return value;
    }

    public long Long(long fallback, long min = long.MinValue, long max = long.MaxValue)
    {
        var text = String();
        if (text is null)
        {
            return fallback;
        }
        if (!long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
        {
            Error($"\"{text}\" is not a whole number");
            return fallback;
        }
        return InRange(value, min, max) ? value : fallback;
    }

    public int Int(int fallback, int min = int.MinValue, int max = int.MaxValue) => (int)Long(fallback, min, max);

    public double Double(double fallback, double min, double max)
    {
        var text = String();
        if (text is null)
        {
            return fallback;
        }
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value))
        {
            Error($"\"{text}\" is not a number");
            return fallback;
        }
        if (value < min || value > max)
        {
            Error($"must be between {min.ToString(CultureInfo.InvariantCulture)} and {max.ToString(CultureInfo.InvariantCulture)}");
            return fallback;
        }
        return value;
    }

    public bool Bool(bool fallback)
    {
        var text = String();
        switch (text)
        {
            case null:
                return fallback;
            case "true" or "True" or "yes" or "on":
                return true;
            case "false" or "False" or "no" or "off":
                return false;
            default:
                Error($"\"{text}\" is not true or false");
                return fallback;
        }
    }

    /// <summary>A duration written with a unit: <c>250ms</c>, <c>2s</c>, <c>5m</c>, <c>1h</c>, <c>1d</c>.</summary>
    public TimeSpan Duration(TimeSpan fallback, TimeSpan? min = null, TimeSpan? max = null)
    {
        var text = String();
        if (text is null)
        {
            return fallback;
        }
        if (!ConfigValues.TryParseDuration(text, out var value))
        {
            Error($"\"{text}\" is not a duration (use a number with ms, s, m, h or d, e.g. 500ms or 30s)");
            return fallback;
        }
        if ((min is { } low && value < low) || (max is { } high && value > high))
        {
            Error($"must be between {ConfigValues.FormatDuration(min ?? TimeSpan.Zero)} and {(max is { } m ? ConfigValues.FormatDuration(m) : "unbounded")}");
            return fallback;
        }
        return value;
    }

    /// <summary>A byte size: a plain number of bytes, or a number with KB, MB or GB (multiples of 1024).</summary>
    public long Size(long fallback, long min = 0, long max = long.MaxValue)
    {
        var text = String();
        if (text is null)
        {
            return fallback;
        }
        if (!ConfigValues.TryParseSize(text, out var value))
        {
            Error($"\"{text}\" is not a size (use bytes, or a number with KB, MB or GB)");
            return fallback;
        }
        return InRange(value, min, max) ? value : fallback;
    }

    /// <summary>One of a fixed set of words, matched case-insensitively.</summary>
    public T Choice<T>(T fallback, params ReadOnlySpan<(string Name, T Value)> choices)
    {
        var text = String();
        if (text is null)
        {
            return fallback;
        }
        foreach (var (name, value) in choices)
        {
            if (string.Equals(name, text, StringComparison.OrdinalIgnoreCase))
            {
                return value;
            }
        }
        var names = new List<string>();
        foreach (var choice in choices)
        {
            names.Add(choice.Name);
        }
        Error($"\"{text}\" is not one of: {string.Join(", ", names)}{Sections.Suggestions.DidYouMean(text, names)}");
        return fallback;
    }

    /// <summary>A list of strings; a single value is accepted as a list of one.</summary>
    public IReadOnlyList<string> StringList()
    {
        if (!Exists)
        {
            return [];
        }
        if (_node is YamlScalarNode)
        {
            return String() is { } single ? [single] : [];
        }
        return Items().Select(item => item.String()).OfType<string>().ToArray();
    }

    /// <summary>A mapping of strings to strings, in file order.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> StringMap() =>
        Entries().Select(entry => new KeyValuePair<string, string>(entry.Key, entry.Value.String() ?? string.Empty)).ToArray();

    /// <summary>
    /// Writes this node as JSON, for values the configuration passes through as data (constants a body mapping
    /// injects, a schema's enum). Mappings become objects and lists arrays; an unquoted scalar that reads as a JSON
    /// number, <c>true</c>, <c>false</c> or <c>null</c> (or YAML's <c>~</c>, an empty value, <c>True</c>,
    /// <c>FALSE</c>…) becomes one, and anything else, quoted scalars included, a string.
    /// </summary>
    public void WriteJson(Utf8JsonWriter writer)
    {
        switch (_node)
        {
            case YamlMappingNode:
                writer.WriteStartObject();
                foreach (var (key, value) in Entries())
                {
                    writer.WritePropertyName(key);
                    value.WriteJson(writer);
                }
                writer.WriteEndObject();
                break;
            case YamlSequenceNode:
                writer.WriteStartArray();
                foreach (var item in Items())
                {
                    item.WriteJson(writer);
                }
                writer.WriteEndArray();
                break;
            case null:
                writer.WriteNullValue();
                break;
            case YamlScalarNode { Style: YamlDotNet.Core.ScalarStyle.Plain } when IsNull(_node):
                writer.WriteNullValue();
                break;
            case YamlScalarNode { Style: YamlDotNet.Core.ScalarStyle.Plain } scalar when scalar.Value is "true" or "True" or "TRUE" or "false" or "False" or "FALSE":
                writer.WriteBooleanValue(scalar.Value[0] is 't' or 'T');
                break;
            case YamlScalarNode { Style: YamlDotNet.Core.ScalarStyle.Plain } scalar when JsonNumber().IsMatch(scalar.Value ?? string.Empty):
                writer.WriteRawValue(scalar.Value!);
                break;
            default:
                writer.WriteStringValue(String() ?? string.Empty);
                break;
        }
    }

    private bool InRange(long value, long min, long max)
    {
        if (value >= min && value <= max)
        {
            return true;
        }
        Error(max == long.MaxValue ? $"must be at least {min}" : $"must be between {min} and {max}");
        return false;
    }

    private static bool IsNull(YamlNode node) =>
        node is YamlScalarNode { Style: YamlDotNet.Core.ScalarStyle.Plain, Value: null or "" or "~" or "null" };

    private static int LineOf(YamlNode node) => (int)node.Start.Line;

    [GeneratedRegex(@"^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?$", RegexOptions.CultureInvariant)]
    private static partial Regex JsonNumber();
}
