using System.CommandLine;
using Gateway.Configuration;
using Gateway.LocalHost;

namespace Gateway.Cli.Commands;

/// <summary><c>gatewayctl config validate [FILE] [--host lambda|serve|all]</c>.</summary>
internal static class ConfigCommand
{
    public static Command Create()
    {
        var file = new Argument<FileInfo?>("file")
        {
            Description = "The configuration file (default: GATEWAY_CONFIG, else the bundled sample)",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var host = new Option<string>("--host")
        {
            Description = "The host the file must run on: lambda (the deployed functions), serve (the container host), or all",
            DefaultValueFactory = _ => "all",
        };
        host.AcceptOnlyFromAmong([.. HostProfile.All.Select(profile => profile.Name), "all"]);
        var validate = new Command("validate", "Check a configuration file and list every problem with its line") { file, host };
        validate.SetAction(parse => Validate(parse.GetValue(file), parse.GetValue(host)!));
        return new Command("config", "Work with the gateway configuration") { validate };
    }

    /// <summary>
    /// Loads the file once per host. A problem every host has is printed once; one only a host has says so in its
    /// message (a body size only serve takes). Valid means valid for every host asked about.
    /// </summary>
    private static int Validate(FileInfo? file, string hostName)
    {
        var path = file?.FullName ?? EnvironmentVariables.ResolveConfigPath(Environment.GetEnvironmentVariable);
        var hosts = HostProfile.All.Where(host => hostName == "all" || host.Name == hostName).ToArray();
        var loads = hosts.Select(host => (Host: host, Result: ToolConfigLoader.Create(host).LoadFile(path))).ToArray();
        var problems = loads.SelectMany(load => load.Result.Problems.Concat(HostProblems(load.Host, load.Result.Config, path))).Distinct().ToArray();
        if (problems.Length > 0)
        {
            foreach (var problem in problems)
            {
                Console.Error.WriteLine(problem);
            }
            Console.Error.WriteLine($"{problems.Length} problem(s) in {path}");
            var validFor = loads.Where(load => load.Result.Succeeded && !HostProblems(load.Host, load.Result.Config, path).Any()).Select(load => load.Host.Name).ToArray();
            if (validFor.Length > 0)
            {
                Console.WriteLine($"{path}: valid for {string.Join(", ", validFor)} only");
            }
            return 1;
        }
        var config = loads[0].Result.Config!;
        foreach (var warning in loads.SelectMany(load => ConfigWarnings.For(load.Result.Config!, path, load.Host)).Distinct())
        {
            Console.Error.WriteLine($"warning: {warning}");
        }
        Console.WriteLine($"{path}: valid for {string.Join(" and ", hosts.Select(host => host.Name))} ({config.Routes.Count} routes, {config.Services.Count} services, {config.UsagePlans.Count} usage plans)");
        return 0;
    }

    /// <summary>What only loading it finds: a host that terminates TLS must be able to use the certificate it names.</summary>
    private static IEnumerable<ConfigProblem> HostProblems(HostProfile host, GatewayConfig? config, string path)
    {
        if (host.TerminatesTls && config?.Settings.Tls is { } tls)
        {
            var loaded = ServeTls.Load(tls, "gateway.tls");
            loaded.Certificate?.Dispose();
            if (loaded.Problem is { } problem)
            {
                yield return new ConfigProblem(path, 0, "gateway.tls", problem);
            }
        }
    }
}
