using System.CommandLine;
using Gateway.Configuration;

namespace Gateway.Cli.Commands;

/// <summary><c>gatewayctl config validate [FILE]</c>.</summary>
internal static class ConfigCommand
{
    public static Command Create()
    {
        var file = new Argument<FileInfo?>("file")
        {
            Description = "The configuration file (default: GATEWAY_CONFIG, else the bundled sample)",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var validate = new Command("validate", "Check a configuration file and list every problem with its line") { file };
        validate.SetAction(parse => Validate(parse.GetValue(file)));
        return new Command("config", "Work with the gateway configuration") { validate };
    }

    private static int Validate(FileInfo? file)
    {
        var path = file?.FullName ?? EnvironmentVariables.ResolveConfigPath(Environment.GetEnvironmentVariable);
        var result = ToolConfigLoader.Create().LoadFile(path);
        if (result.Config is not { } config)
        {
            foreach (var problem in result.Problems)
            {
                Console.Error.WriteLine(problem);
            }
            Console.Error.WriteLine($"{result.Problems.Count} problem(s) in {path}");
            return 1;
        }
        foreach (var warning in ConfigWarnings.For(config, path))
        {
            Console.Error.WriteLine($"warning: {warning}");
        }
        Console.WriteLine($"{path}: valid ({config.Routes.Count} routes, {config.Services.Count} services, {config.UsagePlans.Count} usage plans)");
        return 0;
    }
}
