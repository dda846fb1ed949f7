using System.Text;
using Gateway.Configuration;
using Gateway.Pipeline;

namespace Gateway.Policies.Transforms;

/// <summary>
/// A configured value that may reference the request: <c>${request.id}</c>, <c>${request.method}</c>,
/// <c>${request.path}</c>, <c>${client.ip}</c>, <c>${route.name}</c>, <c>${route.param.NAME}</c>,
/// <c>${auth.sub}</c>, <c>${auth.tenant}</c>, <c>${auth.plan}</c>, <c>${auth.org}</c>, <c>${stage.name}</c>,
/// <c>${stage.VAR}</c>. Parsed once at load; a template without references costs nothing per request.
/// </summary>
public sealed class ValueTemplate
{
    private readonly Part[] _parts;
    private readonly string? _literal;

    private ValueTemplate(Part[] parts)
    {
        _parts = parts;
        _literal = parts.All(p => p.Variable is null) ? string.Concat(parts.Select(p => p.Text)) : null;
    }

    /// <summary>Parses <paramref name="text"/>, reporting unknown variables on <paramref name="node"/>.</summary>
    public static ValueTemplate Parse(string text, ConfigNode node)
    {
        var parts = new List<Part>();
        var position = 0;
        while (position < text.Length)
        {
            var start = text.IndexOf("${", position, StringComparison.Ordinal);
            if (start < 0)
            {
                parts.Add(new Part(text[position..], null));
                break;
            }
            var end = text.IndexOf('}', start);
            if (end < 0)
            {
                node.Error($"\"{text}\" has an unclosed ${{");
                parts.Add(new Part(text[position..], null));
                break;
            }
            if (start > position)
            {
                parts.Add(new Part(text[position..start], null));
            }
            var name = text[(start + 2)..end];
            if (Variable.TryParse(name, out var variable))
            {
                parts.Add(new Part(string.Empty, variable));
            }
            else
            {
                node.Error($"unknown template variable ${{{name}}} (known: request.id, request.method, request.path, client.ip, route.name, route.param.NAME, auth.sub, auth.tenant, auth.plan, auth.org, stage.name, stage.VAR)");
            }
            position = end + 1;
        }
        return new ValueTemplate(parts.ToArray());
    }

    public bool IsLiteral => _literal is not null;

    /// <summary>The value for this request. A reference to something absent (no caller, no such variable) is empty.</summary>
    public string Evaluate(GatewayContext context)
    {
        if (_literal is not null)
        {
            return _literal;
        }
        if (_parts.Length == 1)
        {
            return _parts[0].Variable!.Resolve(context) ?? string.Empty;
        }
        var builder = new StringBuilder();
        foreach (var part in _parts)
        {
            builder.Append(part.Variable is null ? part.Text : part.Variable.Resolve(context));
        }
        return builder.ToString();
    }

    /// <summary>
    /// The value with each referenced value percent-encoded and the literal text kept as written: for templates
    /// that build a path or a query, where a value must stay one segment or one parameter ("a/b" → "a%2Fb").
    /// </summary>
    public string EvaluateEscaped(GatewayContext context)
    {
        if (_literal is not null)
        {
            return _literal;
        }
        var builder = new StringBuilder();
        foreach (var part in _parts)
        {
            builder.Append(part.Variable is null ? part.Text : Uri.EscapeDataString(part.Variable.Resolve(context) ?? string.Empty));
        }
        return builder.ToString();
    }

    private readonly record struct Part(string Text, Variable? Variable);

    private sealed class Variable(Func<GatewayContext, string?> resolve)
    {
        public string? Resolve(GatewayContext context) => resolve(context);

        public static bool TryParse(string name, out Variable? variable)
        {
            variable = name switch
            {
                "request.id" => new(static c => c.RequestId),
                "request.method" => new(static c => c.Request.Method),
                "request.path" => new(static c => c.OriginalPath),
                "client.ip" => new(static c => c.Request.ClientAddress?.ToString()),
                "route.name" => new(static c => c.Route.Name),
                "auth.sub" => new(static c => c.Identity?.Subject),
                "auth.tenant" => new(static c => c.Identity?.Tenant),
                "auth.plan" => new(static c => c.Identity?.Plan),
                "auth.org" => new(static c => c.Identity?.Org),
                "stage.name" => new(static c => c.Stage.Name),
                _ when name.StartsWith("route.param.", StringComparison.Ordinal) && name.Length > 12 =>
                    RouteParameter(name[12..]),
                _ when name.StartsWith("stage.", StringComparison.Ordinal) && name.Length > 6 =>
                    StageVariable(name[6..]),
                _ => null,
            };
            return variable is not null;
        }

        private static Variable RouteParameter(string parameter) => new(c => c.RouteValues.Get(parameter));

        private static Variable StageVariable(string key) =>
            new(c => c.Stage.Variables.TryGetValue(key, out var value) ? value : null);
    }
}
