using Gateway.Grpc;

namespace Gateway.Configuration.Sections;

/// <summary>Compiles the <c>.proto</c> files services name, relative to the configuration file, reporting their problems at their own lines.</summary>
internal sealed class ProtoFiles(IProtoCompiler compiler, string configFile, ConfigDocument document)
{
    private readonly string _directory = Path.GetDirectoryName(Path.GetFullPath(configFile)) ?? ".";

    public ProtoSchema? Load(ConfigNode node)
    {
        var relative = node.RequiredString();
        if (relative.Length == 0)
        {
            return null;
        }
        if (relative.Contains('\0'))
        {
            // The one character no file system takes in a path; .NET throws on it rather than finding no file.
            node.Error("a file path cannot contain a NUL character");
            return null;
        }
        var path = Path.GetFullPath(Path.Combine(_directory, relative));
        var compilation = compiler.Compile(path);
        foreach (var problem in compilation.Problems)
        {
            // A problem with no line (a file that cannot be read) belongs to the configuration line that named it.
            if (problem.Line > 0)
            {
                document.ReportIn(problem.File, problem.Line, problem.Message);
            }
            else
            {
                node.Error(problem.Message);
            }
        }
        if (compilation.Problems.Count > 0)
        {
            return null;
        }
        var schema = ProtoSchema.TryBuild(path, compilation.Files, out var error);
        if (schema is null)
        {
            node.Error($"{relative}: {error}");
        }
        return schema;
    }
}
