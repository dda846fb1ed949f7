using Gateway.Lambda;
using Gateway.Observability.Logging;

namespace Gateway.Cli.Sam;

/// <summary>
/// What <c>sam local invoke</c> does, without Docker: find the function in template.yaml, give it the environment
/// SAM would (<see cref="SamEnvironment"/>: only declared variables, intrinsics resolved as SAM does locally), and
/// call its handler in-process with the event. The handler sees nothing else of the caller's environment.
/// </summary>
public static class LocalInvoker
{
    public static async Task<string> InvokeAsync(
        string templatePath, string functionId, Stream eventJson, string? envVarsJson, IReadOnlyDictionary<string, string> shell, LogOutput logOutput)
    {
        var template = SamTemplate.Load(templatePath);
        var function = template.FindFunction(functionId)
            ?? throw new InvokeException($"{templatePath} has no function \"{functionId}\" (it has: {string.Join(", ", template.FunctionIds)})");
        var environment = SamEnvironment.Resolve(function, envVarsJson, shell);

        var handler = LambdaEntryPoints.Create(function.Handler, name => environment.GetValueOrDefault(name), logOutput)
            ?? throw new InvokeException($"{functionId}'s handler \"{function.Handler}\" is not one of this build's handlers: {string.Join(", ", LambdaEntryPoints.Handlers)}");

        Stream output;
        try
        {
            output = await handler(eventJson).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // What Lambda (and SAM) report for a function that throws: its error type and message, no stack trace.
            throw new InvokeException($"{functionId} failed: {exception.GetType().Name}: {exception.Message}");
        }
        await using (output)
        {
            using var reader = new StreamReader(output);
            return await reader.ReadToEndAsync().ConfigureAwait(false);
        }
    }
}

/// <summary>An invocation that cannot happen, with a message for the user.</summary>
public sealed class InvokeException(string message) : Exception(message);
