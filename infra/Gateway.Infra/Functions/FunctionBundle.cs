using System.Diagnostics;
using System.Runtime.InteropServices;
using Amazon.CDK;
using Amazon.CDK.AWS.Lambda;
using Amazon.JSII.Runtime.Deputy;

namespace Gateway.Infra.Functions;

/// <summary>
/// Both functions' code: <c>dotnet publish src/Gateway.Lambda</c> for the <see cref="LambdaPlatform"/> (Release; the
/// Native AOT <c>bootstrap</c>, or a ReadyToRun bundle for the managed runtime), run by CDK's asset bundling on this
/// machine after <see cref="BuildPrerequisites"/> has checked that it can. CDK bundles only the
/// stacks a command needs (all for <c>synth</c>, the named ones for <c>deploy</c>), so nothing has to be built
/// before <c>cdk deploy</c>. The asset hash is the publish output's, so a change anywhere in the bundle (code,
/// dependencies, the bundled gateway.yaml) uploads a new one and nothing else does.
/// </summary>
public static class FunctionBundle
{
    public static Code Publish(RepositoryLayout repository, LambdaPlatform platform) => Code.FromAsset(Path.GetDirectoryName(repository.LambdaProject)!, new Amazon.CDK.AWS.S3.Assets.AssetOptions
    {
        AssetHashType = AssetHashType.OUTPUT,
        Bundling = new BundlingOptions
        {
            Local = new DotnetPublish(repository, platform),
            // Required by the API, never pulled: the local bundler either publishes or fails synthesis.
            Image = DockerImage.FromRegistry("local-bundling-only"),
        },
    });

    private sealed class DotnetPublish(RepositoryLayout repository, LambdaPlatform platform) : DeputyBase, ILocalBundling
    {
        // A Native AOT publish takes minutes on a small machine.
        private static readonly TimeSpan Limit = TimeSpan.FromMinutes(20);

        public bool TryBundle(string outputDir, IBundlingOptions options)
        {
            if (BuildPrerequisites.Missing(platform) is { } missing)
            {
                throw new InvalidOperationException(missing);
            }
            var start = new ProcessStartInfo("dotnet")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            var project = repository.LambdaProject;
            var linker = BuildPrerequisites.LinkerArguments(platform, RuntimeInformation.OSArchitecture, repository.Root);
            foreach (var argument in (string[])["publish", project, .. platform.PublishArguments, .. linker, "--output", outputDir])
            {
                start.ArgumentList.Add(argument);
            }
            using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start dotnet publish");
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(Limit))
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"dotnet publish {project} did not finish within {Limit}");
            }
            // A failed publish stops synthesis here with the compiler's output; CDK would otherwise try Docker.
            return process.ExitCode == 0
                ? true
                : throw new InvalidOperationException($"dotnet publish {project} failed (exit {process.ExitCode}):\n{stdout.Result}\n{stderr.Result}");
        }
    }
}
