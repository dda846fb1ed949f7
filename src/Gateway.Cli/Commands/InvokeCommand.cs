using System.CommandLine;
using System.Text.Json;
using Gateway.Cli.Sam;
using Gateway.Observability.Logging;

namespace Gateway.Cli.Commands;

/// <summary><c>gatewayctl invoke FUNCTION --event FILE [--env-vars FILE]</c>: a Docker-free <c>sam local invoke</c>.</summary>
internal static class InvokeCommand
{
    public static Command Create()
    {
        var function = new Argument<string>("function") { Description = "The function's logical id in template.yaml, e.g. ProxyFunction" };
        var eventFile = new Option<FileInfo>("--event", "-e") { Description = "The event JSON file", Required = true };
        var envVars = new Option<FileInfo?>("--env-vars", "-n") { Description = "Values for variables template.yaml declares, in SAM's format: {\"ProxyFunction\": {\"VAR\": \"value\"}}; undeclared names are ignored, as by SAM" };
        var template = new Option<FileInfo>("--template", "-t") { Description = "The SAM template", DefaultValueFactory = _ => new FileInfo("template.yaml") };
        var command = new Command("invoke", "Invoke a function from template.yaml in-process with an event; the response goes to stdout, logs to stderr")
        {
            function, eventFile, envVars, template,
        };
        command.SetAction((parse, _) => RunAsync(parse.GetValue(function)!, parse.GetValue(eventFile)!, parse.GetValue(envVars), parse.GetValue(template)!));
        return command;
    }

    private static async Task<int> RunAsync(string function, FileInfo eventFile, FileInfo? envVars, FileInfo template)
    {
        try
        {
            await using var eventStream = eventFile.OpenRead();
            var envJson = envVars is null ? null : await File.ReadAllTextAsync(envVars.FullName).ConfigureAwait(false);
            var shell = Environment.GetEnvironmentVariables().Cast<System.Collections.DictionaryEntry>()
                .ToDictionary(entry => (string)entry.Key, entry => (string?)entry.Value ?? string.Empty, StringComparer.Ordinal);
            var response = await LocalInvoker.InvokeAsync(template.FullName, function, eventStream, envJson, shell, LogOutput.StandardError).ConfigureAwait(false);
            Console.WriteLine(response);
            return 0;
        }
        catch (Exception exception) when (exception is InvokeException or IOException or JsonException or InvalidDataException or YamlDotNet.Core.YamlException)
        {
            Console.Error.WriteLine($"gatewayctl invoke: {exception.Message}");
            return 1;
        }
    }
}
