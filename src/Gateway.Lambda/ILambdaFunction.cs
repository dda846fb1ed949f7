using Gateway.Configuration;

namespace Gateway.Lambda;

/// <summary>A function as the Runtime API loop and <c>gatewayctl invoke</c> run it.</summary>
public interface ILambdaFunction
{
    /// <summary>What is wrong with the bundled configuration; empty when the function initialized cleanly.</summary>
    IReadOnlyList<ConfigProblem> ConfigProblems { get; }

    Task<Stream> HandleAsync(Stream input, InvocationContext invocation);
}
