using System.Text.RegularExpressions;

namespace Gateway.Configuration;

/// <summary>
/// One configuration file being read: where problems are collected, and how <c>${env.NAME}</c> placeholders in
/// values are resolved.
/// </summary>
public sealed partial class ConfigDocument(string file, Func<string, string?> environment)
{
    private readonly List<ConfigProblem> _problems = [];

    public string File { get; } = file;

    public IReadOnlyList<ConfigProblem> Problems => _problems;

    public bool HasProblems => _problems.Count > 0;

    public void Report(int line, string path, string message) => _problems.Add(new ConfigProblem(File, line, path, message));

    /// <summary>A problem in another file the configuration names (a service's <c>.proto</c>), at that file's line.</summary>
    public void ReportIn(string file, int line, string message) => _problems.Add(new ConfigProblem(file, line, string.Empty, message));

    /// <summary>
    /// Replaces <c>${env.NAME}</c> and <c>${env.NAME:-default}</c> with the environment's value. Other <c>${…}</c>
    /// templates (request, auth, stage) are left for the transforms that evaluate them per request.
    /// </summary>
    internal string Interpolate(string value, int line, string path)
    {
        if (!value.Contains("${env.", StringComparison.Ordinal))
        {
            return value;
        }
        return EnvironmentPlaceholder().Replace(value, match =>
        {
            var name = match.Groups["name"].Value;
            var resolved = environment(name);
            if (!string.IsNullOrEmpty(resolved))
            {
                return resolved;
            }
            if (match.Groups["default"].Success)
            {
                return match.Groups["default"].Value;
            }
            Report(line, path, $"environment variable {name} is not set and has no default (write ${{env.{name}:-value}})");
            return string.Empty;
        });
    }

    [GeneratedRegex(@"\$\{env\.(?<name>[A-Za-z_][A-Za-z0-9_]*)(?::-(?<default>[^}]*))?\}", RegexOptions.CultureInvariant)]
    private static partial Regex EnvironmentPlaceholder();
}
