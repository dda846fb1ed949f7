namespace Gateway.Infra;

/// <summary>Where things are in the repository, found by walking up to Serverless.sln.</summary>
public sealed class RepositoryLayout
{
    private RepositoryLayout(string root) => Root = root;

    public string Root { get; }

    /// <summary>The Lambda project whose publish output is both functions' bundle.</summary>
    public string LambdaProject => Path.Combine(Root, "src", "Gateway.Lambda", "Gateway.Lambda.csproj");

    /// <summary>The repository around the working directory (the CDK CLI runs the app from the root), else around the app.</summary>
    public static RepositoryLayout Locate() =>
        FindFrom(Directory.GetCurrentDirectory()) ?? FindFrom(AppContext.BaseDirectory)
        ?? throw new InvalidOperationException($"Serverless.sln not found above {Directory.GetCurrentDirectory()} or {AppContext.BaseDirectory}");

    private static RepositoryLayout? FindFrom(string start)
    {
        for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Serverless.sln")))
            {
                return new RepositoryLayout(directory.FullName);
            }
        }
        return null;
    }
}
