using System.Runtime.InteropServices;

namespace Gateway.Infra.Functions;

/// <summary>
/// What the deployer's machine needs to build the bundle, checked before the publish so that a missing tool is one
/// clear sentence rather than a linker error minutes into it. The managed bundle needs only the .NET SDK; the Native
/// AOT bootstrap is linked by a C toolchain (ILCompiler calls clang, or gcc when clang is absent), and a linux-arm64
/// bootstrap built on an x86-64 machine by Debian's aarch64 cross toolchain through tools/aarch64-cross/link.sh.
/// </summary>
public static class BuildPrerequisites
{
    private const string CrossCompiler = "aarch64-linux-gnu-gcc";
    private const string CrossObjCopy = "aarch64-linux-gnu-objcopy";
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
        if (IsCrossLinked(platform, machine))
        {
            return onPath(CrossCompiler) && onPath(CrossObjCopy)
                ? null
                : $"-c arch=arm64 on this {machine} machine: the Native AOT bootstrap is linked by the aarch64 cross toolchain, and {CrossCompiler} or {CrossObjCopy} is not on PATH: "
                  + "install it (Debian/Ubuntu: apt-get install gcc-aarch64-linux-gnu binutils-aarch64-linux-gnu), or deploy the managed runtime with -c runtime=managed";
        }
        if (platform.Arm64 != (machine == Architecture.Arm64))
        {
            return $"-c arch=x86_64 on this {machine} machine: a Native AOT bootstrap for {platform.RuntimeIdentifier} is built on an x86-64 machine, or deploy the managed runtime with -c runtime=managed";
        }
        return NativeLinkers.Any(onPath)
            ? null
            : "the Native AOT bootstrap needs a C toolchain to link it, and neither clang nor gcc is on PATH: "
              + "install one (Debian/Ubuntu: apt-get install clang zlib1g-dev; Amazon Linux: dnf install clang zlib-devel), "
              + "or deploy the managed runtime with -c runtime=managed";
    }

    /// <summary>The publish arguments that choose the cross linker, when this machine cross-links the bootstrap.</summary>
    public static IReadOnlyList<string> LinkerArguments(LambdaPlatform platform, Architecture machine, string repositoryRoot) =>
        IsCrossLinked(platform, machine)
            ? [$"-p:CppCompilerAndLinker={Path.Combine(repositoryRoot, "tools", "aarch64-cross", "link.sh")}", $"-p:ObjCopyName={CrossObjCopy}"]
            : [];

    private static bool IsCrossLinked(LambdaPlatform platform, Architecture machine) =>
        platform is { Runtime: FunctionRuntime.NativeAot, Arm64: true } && machine == Architecture.X64;

    private static bool IsOnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Any(directory => File.Exists(Path.Combine(directory, name)));
}
