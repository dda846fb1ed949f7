using System.Text.RegularExpressions;
using Gateway.Canonicalization;
using Gateway.Configuration;
using Gateway.Http;
using Gateway.Pipeline;

namespace Gateway.Policies.Transforms;

/// <summary>A regular expression over the forwarded path and its replacement (<c>$1</c>, <c>${name}</c>).</summary>
public sealed record PathRewriteSettings(Regex Pattern, string Replacement);

/// <summary>
/// Rewrites the path the upstream receives (after the route's <c>stripPrefix</c>); a path the pattern does not match
/// is forwarded as it is. The result is guarded like an incoming path: captures can assemble a dot segment or an
/// encoded one from harmless-looking pieces, and such a path is refused (400), never forwarded.
/// </summary>
public sealed class PathRewritePolicy(PathRewriteSettings settings) : IGatewayPolicy
{
    public ValueTask<GatewayResponse> InvokeAsync(GatewayContext context, RequestDelegate next)
    {
        var request = context.Request;
        string rewritten;
        try
        {
            rewritten = settings.Pattern.Replace(request.Path, settings.Replacement, count: 1);
        }
        catch (RegexMatchTimeoutException)
        {
            return Refuse(context, "the path took too long to rewrite");
        }
        if (!ReferenceEquals(rewritten, request.Path))
        {
            if (rewritten.AsSpan().IndexOfAny('?', '#') >= 0)
            {
                return Refuse(context, "the rewritten path contains '?' or '#'");
            }
            if (!CanonicalPath.TryCreate(rewritten, out var normalized, out var problem))
            {
                return Refuse(context, $"the rewritten path is refused: {problem}");
            }
            request.Path = normalized.Value;
        }
        return next(context);
    }

    private static ValueTask<GatewayResponse> Refuse(GatewayContext context, string message) =>
        ValueTask.FromResult(GatewayErrors.Create(context, 400, ErrorCodes.InvalidPath, message));
}

/// <summary>The <c>requestPath</c> policy: <c>{ pattern: '^/v1/(.*)$', replacement: '/v2/$1' }</c>.</summary>
public sealed partial class PathRewriteFactory : PolicyFactory<PathRewriteSettings>
{
    // A pathological pattern must not hold a request (or a Lambda) hostage.
    private static readonly TimeSpan MatchTimeout = TimeSpan.FromMilliseconds(100);

    public static PathRewriteFactory Instance { get; } = new();

    public override string Name => "requestPath";

    public override PolicyPhase Phase => PolicyPhase.RequestTransform;

    public override BodyNeeds BodyNeeds => BodyNeeds.None;

    protected override PathRewriteSettings? Read(ConfigNode node)
    {
        node.AllowKeys("pattern", "replacement");
        var pattern = node["pattern"].RequiredString();
        var replacement = node["replacement"].String();
        if (replacement is null)
        {
            node["replacement"].Error("is required");
        }
        if (pattern.Length == 0 || replacement is null)
        {
            return null;
        }

        Regex regex;
        try
        {
            regex = new Regex(pattern, RegexOptions.CultureInvariant, MatchTimeout);
        }
        catch (ArgumentException exception)
        {
            node["pattern"].Error($"is not a valid regular expression: {exception.Message}");
            return null;
        }
        if (!replacement.StartsWith('/') && !replacement.StartsWith('$'))
        {
            node["replacement"].Error("must start with '/' (or with a capture that does)");
            return null;
        }
        if (replacement.AsSpan().IndexOfAny('?', '#') >= 0)
        {
            node["replacement"].Error("must not contain '?' or '#': rewrite the query with requestQuery");
            return null;
        }
        foreach (Match reference in GroupReference().Matches(replacement))
        {
            var name = reference.Groups["name"];
            if (name.Success && regex.GroupNumberFromName(name.Value) < 0)
            {
                node["replacement"].Error($"refers to ${name.Value}, which the pattern does not capture");
                return null;
            }
        }
        return new PathRewriteSettings(regex, replacement);
    }

    protected override IGatewayPolicy Create(PathRewriteSettings settings, PolicyBuildContext context) => new PathRewritePolicy(settings);

    // $1, ${1}, ${name}; "$$" is a literal dollar and is skipped by matching it first.
    [GeneratedRegex(@"\$\$|\$\{(?<name>[^}]+)\}|\$(?<name>[0-9]+)", RegexOptions.CultureInvariant)]
    private static partial Regex GroupReference();
}
