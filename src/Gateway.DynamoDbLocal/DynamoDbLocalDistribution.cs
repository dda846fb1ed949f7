using System.Diagnostics;
using System.Formats.Tar;
using System.IO.Compression;

namespace Gateway.DynamoDbLocal;

/// <summary>
/// AWS's DynamoDB Local, as shipped inside the npm package amplify-dynamodb-simulator (its <c>package/emulator</c>
/// folder: DynamoDBLocal.jar and its native libraries). Fetched once with <c>npm pack</c> and unpacked into a cache
/// directory; a lock file makes concurrent first fetches (parallel test runs) wait for one another.
/// </summary>
public static class DynamoDbLocalDistribution
{
    public const string NpmPackage = "amplify-dynamodb-simulator";
    public const string NpmVersion = "2.9.30";

    private const string CompleteMarker = ".complete";
    private const string EmulatorPrefix = "package/emulator/";

    /// <summary>Where unpacked distributions are kept: <c>$XDG_CACHE_HOME/serverless-gateway</c> or <c>~/.cache/serverless-gateway</c>.</summary>
    public static string CacheRoot =>
        Path.Combine(
            Environment.GetEnvironmentVariable("XDG_CACHE_HOME") is { Length: > 0 } xdg
                ? xdg
                : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache"),
            "serverless-gateway");

    /// <summary>The emulator folder (holding DynamoDBLocal.jar), fetched and unpacked on first use.</summary>
    public static async Task<string> EnsureAsync(CancellationToken cancellationToken = default)
    {
        var target = Path.Combine(CacheRoot, $"{NpmPackage}-{NpmVersion}");
        if (File.Exists(Path.Combine(target, CompleteMarker)))
        {
            return target;
        }
        Directory.CreateDirectory(CacheRoot);
        await using var exclusive = await AcquireLockAsync(target + ".lock", cancellationToken).ConfigureAwait(false);
        if (File.Exists(Path.Combine(target, CompleteMarker)))
        {
            return target;
        }

        var staging = Path.Combine(CacheRoot, $"staging-{Guid.NewGuid():N}");
        Directory.CreateDirectory(staging);
        try
        {
            var tarball = await PackAsync(staging, cancellationToken).ConfigureAwait(false);
            var unpacked = Path.Combine(staging, "emulator");
            await UnpackEmulatorAsync(tarball, unpacked, cancellationToken).ConfigureAwait(false);
            if (!File.Exists(Path.Combine(unpacked, "DynamoDBLocal.jar")))
            {
                throw new InvalidOperationException($"{NpmPackage}@{NpmVersion} has no {EmulatorPrefix}DynamoDBLocal.jar");
            }
            await File.WriteAllTextAsync(Path.Combine(unpacked, CompleteMarker), $"{NpmPackage}@{NpmVersion}\n", cancellationToken).ConfigureAwait(false);
            if (Directory.Exists(target))
            {
                // A fetch that died before its marker was written.
                Directory.Delete(target, recursive: true);
            }
            Directory.Move(unpacked, target);
            return target;
        }
        finally
        {
            Directory.Delete(staging, recursive: true);
        }
    }

    private static async Task<FileStream> AcquireLockAsync(string path, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.None);
            }
            catch (IOException) when (deadline.Elapsed < TimeSpan.FromMinutes(5))
            {
                // Another process is fetching; it will have finished, or died and released the lock, by the next look.
                await Task.Delay(TimeSpan.FromMilliseconds(250), cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private static async Task<string> PackAsync(string directory, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("npm")
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in new[] { "pack", $"{NpmPackage}@{NpmVersion}", "--silent", "--no-audit", "--no-fund" })
        {
            start.ArgumentList.Add(argument);
        }
        using var npm = Process.Start(start) ?? throw new InvalidOperationException("could not start npm");
        var stdout = npm.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = npm.StandardError.ReadToEndAsync(cancellationToken);
        await npm.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        if (npm.ExitCode != 0)
        {
            throw new InvalidOperationException($"npm pack {NpmPackage}@{NpmVersion} failed (exit {npm.ExitCode}): {await stderr.ConfigureAwait(false)}");
        }
        var tarball = Directory.GetFiles(directory, "*.tgz").SingleOrDefault();
        return tarball ?? throw new InvalidOperationException($"npm pack wrote no tarball: {await stdout.ConfigureAwait(false)}");
    }

    private static async Task UnpackEmulatorAsync(string tarball, string destination, CancellationToken cancellationToken)
    {
        await using var file = File.OpenRead(tarball);
        await using var gzip = new GZipStream(file, CompressionMode.Decompress);
        await using var reader = new TarReader(gzip);
        var root = Path.GetFullPath(destination) + Path.DirectorySeparatorChar;
        while (await reader.GetNextEntryAsync(copyData: false, cancellationToken).ConfigureAwait(false) is { } entry)
        {
            if (entry.EntryType is not (TarEntryType.RegularFile or TarEntryType.V7RegularFile) ||
                !entry.Name.StartsWith(EmulatorPrefix, StringComparison.Ordinal))
            {
                continue;
            }
            var path = Path.GetFullPath(Path.Combine(destination, entry.Name[EmulatorPrefix.Length..]));
            if (!path.StartsWith(root, StringComparison.Ordinal))
            {
                throw new InvalidDataException($"refusing to unpack {entry.Name} outside {destination}");
            }
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            await entry.ExtractToFileAsync(path, overwrite: true, cancellationToken).ConfigureAwait(false);
        }
    }
}
