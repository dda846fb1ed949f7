using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.RepresentationModel;

namespace Gateway.Configuration;

/// <summary>
/// Turns configuration text into a YAML tree, treating the parser as a boundary: whatever the text, the result is a
/// tree or problems, never an exception. A first pass reads the event stream alone (the parser is iterative), so
/// syntax errors and excessive nesting are caught before the tree is built, which recurses.
/// </summary>
internal static class YamlText
{
    private const int MaxDepth = 64;

    public static bool TryParse(string yaml, ConfigDocument document, out YamlNode? root)
    {
        root = null;
        // YAML allows a byte order mark at the start; the parser only skips one it decoded from bytes itself.
        yaml = yaml.StartsWith('\uFEFF') ? yaml[1..] : yaml;
        if (!IsWellFormed(yaml, document))
        {
            return false;
        }
        try
        {
            var stream = new YamlStream();
            stream.Load(new StringReader(yaml));
            root = stream.Documents.Count == 0 ? null : stream.Documents[0].RootNode;
            return true;
        }
        catch (YamlException exception)
        {
            // Only what the event stream cannot show is left to fail here, such as a key given twice.
            document.Report((int)exception.Start.Line, string.Empty, $"invalid YAML: {Innermost(exception).Message}");
            return false;
        }
        catch (Exception exception) when (exception is InvalidOperationException or ArgumentException or FormatException or OverflowException)
        {
            // YamlDotNet throws these, not YamlException, for some malformed input, and says not where.
            document.Report(1, string.Empty, $"invalid YAML: {exception.Message}");
            return false;
        }
    }

    private static bool IsWellFormed(string yaml, ConfigDocument document)
    {
        var parser = new Parser(new StringReader(yaml));
        var depth = 0;
        // Anchors of the mappings and sequences still open, with their depth: an alias to one of them would make the
        // tree contain itself, which the tree builder cannot do.
        var open = new List<(string Anchor, int Depth)>();
        try
        {
            while (parser.MoveNext())
            {
                switch (parser.Current)
                {
                    case MappingStart or SequenceStart when ++depth > MaxDepth:
                        document.Report((int)parser.Current.Start.Line, string.Empty, $"the file nests deeper than {MaxDepth} levels");
                        return false;
                    case NodeEvent { Anchor.IsEmpty: false } node and (MappingStart or SequenceStart):
                        open.Add((node.Anchor.Value, depth));
                        break;
                    case MappingEnd or SequenceEnd:
                        open.RemoveAll(anchor => anchor.Depth == depth);
                        depth--;
                        break;
                    case AnchorAlias alias when open.Exists(anchor => anchor.Anchor == alias.Value.Value):
                        document.Report((int)alias.Start.Line, string.Empty, $"invalid YAML: the alias *{alias.Value} is inside the node it refers to");
                        return false;
                }
            }
            return true;
        }
        catch (YamlException exception)
        {
            document.Report((int)exception.Start.Line, string.Empty, $"invalid YAML: {Innermost(exception).Message}");
        }
        catch (Exception exception) when (exception is InvalidOperationException or ArgumentException or FormatException or OverflowException)
        {
            // YamlDotNet throws these, not YamlException, for some malformed input.
            document.Report((int)(parser.Current?.End.Line ?? 1), string.Empty, $"invalid YAML: {exception.Message}");
        }
        return false;
    }

    private static Exception Innermost(Exception exception)
    {
        while (exception.InnerException is not null)
        {
            exception = exception.InnerException;
        }
        return exception;
    }
}
