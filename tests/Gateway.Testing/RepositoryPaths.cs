namespace Gateway.Testing;

/// <summary>Locations in the repository, found from the test binary by walking up to Serverless.sln.</summary>
public static class RepositoryPaths
{
    private static readonly Lazy<string> RootPath = new(() =>
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Serverless.sln")))
            {
                return directory.FullName;
            }
        }
        throw new InvalidOperationException($"Serverless.sln not found above {AppContext.BaseDirectory}");
    });

    public static string Root => RootPath.Value;

    public static string Events => Path.Combine(Root, "events");

    public static string AwsEventFixtures => Path.Combine(Root, "tests", "fixtures", "aws-events");

    public static string SampleConfig => Path.Combine(Root, "infra", "gateway.yaml");

    public static string Template => Path.Combine(Root, "template.yaml");
}
