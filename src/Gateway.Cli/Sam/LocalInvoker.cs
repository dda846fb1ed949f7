using System.Text.Json;
using Gateway.Lambda;
using Gateway.Observability.Logging;

namespace Gateway.Cli.Sam;

/// <summary>
/// What <c>sam local invoke</c> does, without Docker: find the function in template.yaml, give it the template's
/// environment overlaid with an <c>--env-vars</c> file, and call its handler in-process with the event.
/// </summary>
public static class LocalInvoker
{
    public static async Task<string> InvokeAsync(string templatePath, string functionId, Stream eventJson, string? envVarsJson, LogOutput logOutput)
    {
        var template = SamTemplate.Load(templatePath);
        var function = template.FindFunction(functionId)
            ?? throw new InvokeException($"{templatePath} has no function \"{functionId}\" (it has: {string.Join(", ", template.FunctionIds)})");

        var environment = new Dictionary<string, string>(function.Environment, StringComparer.Ordinal);
        if (envVarsJson is not null)
        {
            foreach (var (name, value) in ReadEnvVars(envVarsJson, functionId))
            {
                environment[name] = value;
            }
        }

        var handler = LambdaEntryPoints.Create(function.Handler, name => environment.TryGetValue(name, out var value) ? value : Environment.GetEnvironmentVariable(name), logOutput)
            ?? throw new InvokeException($"{functionId}'s handler \"{function.Handler}\" is not one of this build's handlers: {string.Join(", ", LambdaEntryPoints.Handlers)}");

        await using var output = await handler(eventJson).ConfigureAwait(false);
        using var reader = new StreamReader(output);
        return await reader.ReadToEndAsync().ConfigureAwait(false);
    }

    /// <summary>SAM's format: <c>{"Parameters": {…}, "ProxyFunction": {…}}</c>; the function's own entries win.</summary>
    private static IEnumerable<KeyValuePair<string, string>> ReadEnvVars(string json, string functionId)
    {
        using var document = JsonDocument.Parse(json);
        var pairs = new List<KeyValuePair<string, string>>();
        foreach (var section in new[] { "Parameters", functionId })
        {
            if (document.RootElement.TryGetProperty(section, out var variables) && variables.ValueKind == JsonValueKind.Object)
            {
                pairs.AddRange(variables.EnumerateObject().Select(p => new KeyValuePair<string, string>(p.Name, p.Value.ToString())));
            }
        }
        return pairs;
    }
}

/// <summary>An invocation that cannot happen, with a message for the user.</summary>
public sealed class InvokeException(string message) : Exception(message);
