using System.Text.Json;

namespace Gateway.Cli.Sam;

/// <summary>
/// The environment <c>sam local invoke</c> gives a function (aws-sam-cli 1.164: <c>LocalLambdaRunner._make_env_vars</c>
/// and <c>samcli/local/lambdafn/env_vars.py</c>): SAM's own <c>AWS_*</c> variables, then only the variables the
/// template declares, each with the template's value, replaced by the caller's shell value of the same name, replaced
/// by the <c>--env-vars</c> file's value (its <c>Parameters</c> section for every function, the function's own
/// section over it). A name the template does not declare never reaches the function, from the file or the shell.
/// </summary>
public static class SamEnvironment
{
    public static IReadOnlyDictionary<string, string> Resolve(SamFunction function, string? envVarsJson, IReadOnlyDictionary<string, string> shell)
    {
        var overrides = envVarsJson is null ? [] : Overrides(envVarsJson, function.LogicalId);
        var environment = AwsVariables(function, shell);
        foreach (var (name, declared) in function.Variables)
        {
            environment[name] = overrides.TryGetValue(name, out var fromFile) ? fromFile : shell.TryGetValue(name, out var fromShell) ? fromShell : declared ?? string.Empty;
        }
        return environment;
    }

    /// <summary>
    /// SAM's <c>_get_aws_variables</c>, less the credentials: the in-process handler's AWS SDK reads those from the
    /// caller's own environment or profile, as SAM CLI takes them from the caller's boto session.
    /// </summary>
    private static Dictionary<string, string> AwsVariables(SamFunction function, IReadOnlyDictionary<string, string> shell)
    {
        var region = shell.GetValueOrDefault("AWS_REGION") ?? shell.GetValueOrDefault("AWS_DEFAULT_REGION") ?? SamIntrinsics.PseudoParameters["AWS::Region"];
        var variables = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["AWS_SAM_LOCAL"] = "true",
            ["AWS_LAMBDA_FUNCTION_MEMORY_SIZE"] = function.MemorySize.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["AWS_LAMBDA_FUNCTION_TIMEOUT"] = function.Timeout.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["AWS_LAMBDA_FUNCTION_HANDLER"] = function.Handler,
            ["AWS_LAMBDA_FUNCTION_NAME"] = function.LogicalId,
            ["AWS_LAMBDA_FUNCTION_VERSION"] = "$LATEST",
            ["AWS_LAMBDA_LOG_GROUP_NAME"] = $"aws/lambda/{function.LogicalId}",
            ["AWS_LAMBDA_LOG_STREAM_NAME"] = "$LATEST",
            ["AWS_REGION"] = region,
            ["AWS_DEFAULT_REGION"] = region,
            ["AWS_ACCOUNT_ID"] = SamIntrinsics.PseudoParameters["AWS::AccountId"],
            ["AWS_LAMBDA_INITIALIZATION_TYPE"] = "on-demand",
        };
        if (function.LogFormat is { } format)
        {
            variables["AWS_LAMBDA_LOG_FORMAT"] = format;
            if (format == "JSON")
            {
                variables["AWS_LAMBDA_LOG_LEVEL"] = function.ApplicationLogLevel ?? "INFO";
            }
        }
        return variables;
    }

    /// <summary>SAM's format: <c>{"Parameters": {…}, "ProxyFunction": {…}}</c>; the function's own entries win.</summary>
    private static Dictionary<string, string> Overrides(string json, string functionId)
    {
        using var document = JsonDocument.Parse(json);
        var overrides = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var section in new[] { "Parameters", functionId })
        {
            if (document.RootElement.TryGetProperty(section, out var variables) && variables.ValueKind == JsonValueKind.Object)
            {
                foreach (var variable in variables.EnumerateObject())
                {
                    overrides[variable.Name] = Stringify(variable.Value);
                }
            }
        }
        return overrides;
    }

    /// <summary>SAM's <c>_stringify_value</c>: objects, arrays and null become empty; booleans lower case.</summary>
    private static string Stringify(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString()!,
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        JsonValueKind.Number => value.GetRawText(),
        _ => string.Empty,
    };
}
