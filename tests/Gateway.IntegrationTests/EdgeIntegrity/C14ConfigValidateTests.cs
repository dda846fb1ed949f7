using Gateway.Testing;

namespace Gateway.IntegrationTests.EdgeIntegrity;

/// <summary>
/// Class 14 of issue 11, as a user meets it: <c>gatewayctl config validate</c> on a route with an unknown service
/// and a bad duration lists both, with the count, and a misspelt field gets a did-you-mean. The pairwise rule
/// (no problem hides another) is <c>C14ConfigProblemsTests</c> in the unit tests.
/// </summary>
public sealed class C14ConfigValidateTests
{
    [Fact]
    public async Task Config_validate_lists_every_problem_of_one_route()
    {
        var file = Path.GetTempFileName();
        await File.WriteAllTextAsync(file, """
            services:
              orders: { url: "http://127.0.0.1:9" }
            routes:
              - name: one
                path: /one
                service: order
                timeouts: { read: 5 parsecs }
                methds: [GET]
            """);
        try
        {
            var result = await GatewayCtlProcess.RunAsync("config", "validate", file);

            Assert.Equal(1, result.ExitCode);
            var lines = result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            Assert.Contains($"{file}:6: routes[0].service: unknown service \"order\" (did you mean \"orders\"?)", lines);
            Assert.Contains(lines, line => line.StartsWith($"{file}:7: routes[0].timeouts.read: \"5 parsecs\" is not a duration", StringComparison.Ordinal));
            Assert.Contains(lines, line => line.StartsWith($"{file}:8: routes[0].methds: unknown field; did you mean \"methods\"?", StringComparison.Ordinal));
            Assert.Contains($"3 problem(s) in {file}", result.Stdout + result.Stderr, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }
}
