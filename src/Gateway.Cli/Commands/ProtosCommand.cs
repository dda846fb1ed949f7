using System.CommandLine;
using Gateway.Configuration;
using Gateway.Grpc;
using Gateway.ProtoText;

namespace Gateway.Cli.Commands;

/// <summary>
/// <c>gatewayctl protos compile [FILE]</c>: writes each gRPC service's <c>.protoset</c> beside its <c>.proto</c>, the
/// compiled descriptors the Lambda functions load (they cannot parse .proto text and stay AOT-safe).
/// </summary>
internal static class ProtosCommand
{
    public static Command Create()
    {
        var file = new Argument<FileInfo?>("file")
        {
            Description = "The configuration file (default: GATEWAY_CONFIG, else the bundled sample)",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var compile = new Command("compile", "Compile the .proto of every gRPC service into the .protoset beside it") { file };
        compile.SetAction(parse => Compile(parse.GetValue(file)));
        return new Command("protos", "Work with the .proto files of gRPC services") { compile };
    }

    private static int Compile(FileInfo? file)
    {
        var path = file?.FullName ?? EnvironmentVariables.ResolveConfigPath(Environment.GetEnvironmentVariable);
        var result = ToolConfigLoader.Create(HostProfile.Container).LoadFile(path);
        if (result.Config is not { } config)
        {
            foreach (var problem in result.Problems)
            {
                Console.Error.WriteLine(problem);
            }
            return 1;
        }
        var compiler = new ProtoTextCompiler();
        foreach (var proto in config.Services.Values.Select(s => s.Proto?.ProtoPath).OfType<string>().Distinct())
        {
            var protoset = ProtosetCompiler.PathFor(proto);
            File.WriteAllBytes(protoset, ProtoTextCompiler.ToProtoset(compiler.Compile(proto)));
            Console.WriteLine($"{proto} -> {protoset}");
        }
        return 0;
    }
}
