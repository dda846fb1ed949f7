using System.Diagnostics;
using Gateway.Testing;

namespace Gateway.Lambda.RuntimeTests;

/// <summary>
/// The Native AOT publish of src/Gateway.Lambda, exactly as the README and the CDK stack run it, done once for every
/// test in the collection (it takes minutes on a small machine; the duration is kept for the test log).
/// </summary>
public sealed class PublishedBootstrap : IAsyncLifetime
{
    private static readonly TimeSpan PublishTimeout = TimeSpan.FromMinutes(20);

    public string Directory { get; } = Path.Combine(Path.GetTempPath(), "gateway-bootstrap-" + Guid.NewGuid().ToString("N"));

    public string Executable => Path.Combine(Directory, "bootstrap");

    /// <summary>Everything dotnet publish printed, warnings included.</summary>
    public ExternalProcess.Result Publish { get; private set; } = null!;

    public TimeSpan PublishDuration { get; private set; }

    public async Task InitializeAsync()
    {
        var started = Stopwatch.StartNew();
        Publish = await ExternalProcess.RunAsync("dotnet",
            ["publish", "src/Gateway.Lambda", "-c", "Release", "-r", "linux-x64", "-p:PublishAot=true", "-o", Directory, "--nologo", "-v", "minimal"],
            PublishTimeout);
        PublishDuration = started.Elapsed;
    }

    /// <summary>Fails the calling test with the publish's output unless it produced the bootstrap.</summary>
    public void EnsurePublished()
    {
        Assert.True(Publish.ExitCode == 0 && File.Exists(Executable), $"the AOT publish did not produce {Executable}:\n{Publish}");
    }

    public Task DisposeAsync()
    {
        if (System.IO.Directory.Exists(Directory))
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        return Task.CompletedTask;
    }
}

[CollectionDefinition(Name)]
public sealed class PublishedBootstrapCollection : ICollectionFixture<PublishedBootstrap>
{
    public const string Name = "published bootstrap";
}
