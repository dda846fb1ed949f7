using System.Runtime.InteropServices;

namespace Gateway.Infra.Functions;

/// <summary>
/// What the deployer's machine needs to build the bundle, checked before the publish so that a missing tool is one
/// clear sentence rather than a linker error minutes into it. The managed bundle needs only the .NET SDK; the Native
/// AOT bootstrap is linked by a C toolchain (ILCompiler calls clang, or gcc when clang is absent).
/// </summary>
public static class BuildPrerequisites
{
    private static readonly string[] NativeLinkers = ["clang", "gcc"];

    /// <summary>Why <paramref name="platform"/>'s bundle cannot be built here, or null when it can.</summary>
    public static string? Missing(LambdaPlatform platform) => Missing(platform, RuntimeInformation.OSArchitecture, IsOnPath);

    /// <param name="onPath">Whether an executable of that name is on PATH.</param>
    public static string? Missing(LambdaPlatform platform, Architecture machine, Func<string, bool> onPath)
    {
        if (platform.Runtime == FunctionRuntime.Managed)
        {
            return null;
        }
        var target = platform.Arm64 ? Architecture.Arm64 : Architecture.X64;
        if (target != machine)
        {
            return $"-c arch={(platform.Arm64 ? "arm64" : "x86_64")}: a Native AOT bootstrap for {platform.RuntimeIdentifier} is built on a {platform.RuntimeIdentifier} machine "
                + $"(this one is {machine}; see README.md, Deploying, for why cross-linking is not supported), or deploy the managed runtime with -c runtime=managed";
        }
        return NativeLinkers.Any(onPath)
            ? null
            : "the Native AOT bootstrap needs a C toolchain to link it, and neither clang nor gcc is on PATH: "
              + "install one (Debian/Ubuntu: apt-get install clang zlib1g-dev; Amazon Linux: dnf install clang zlib-devel), "
              + "or deploy the managed runtime with -c runtime=managed";
    }

    private static bool IsOnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Any(directory => File.Exists(Path.Combine(directory, name)));
}
