using System.Text.Json;
using System.Text.RegularExpressions;
using Gateway.Cli.Sam;
using Gateway.LocalHost.Demo;
using Gateway.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace Gateway.IntegrationTests.Lambda;

/// <summary>
/// Every file in events/ goes through the code path of <c>gatewayctl invoke</c> (template.yaml → handler →
/// in-process call) against the demo upstream, and must give the status events/README.md promises for it.
/// </summary>
public sealed partial class SampleEventsTests
{
    public static TheoryData<string, string, int> Events()
    {
        var data = new TheoryData<string, string, int>();
        foreach (Match row in ReadmeRow().Matches(File.ReadAllText(Path.Combine(RepositoryPaths.Events, "README.md"))))
        {
            data.Add(row.Groups["file"].Value, row.Groups["function"].Value, int.Parse(row.Groups["status"].Value, System.Globalization.CultureInfo.InvariantCulture));
        }
        return data;
    }

    [Fact]
    public void Every_event_file_has_an_expected_status()
    {
        var documented = Events().Select(row => (string)row[0]).ToHashSet();
        var files = Directory.GetFiles(RepositoryPaths.Events, "*.json").Select(path => Path.GetFileName(path));

        Assert.All(files, file => Assert.Contains(file, documented));
        Assert.NotEmpty(documented);
    }

    [Theory]
    [MemberData(nameof(Events))]
    public async Task Invoking_the_event_gives_its_documented_status(string file, string function, int expectedStatus)
    {
        await using var demo = await DemoUpstream.StartAsync();
        var envVars = JsonSerializer.Serialize(new Dictionary<string, Dictionary<string, string>>
        {
            [function] = new() { ["DEMO_UPSTREAM_URL"] = demo.Address.ToString().TrimEnd('/') },
        });
        await using var eventStream = File.OpenRead(Path.Combine(RepositoryPaths.Events, file));

        var output = await LocalInvoker.InvokeAsync(RepositoryPaths.Template, function, eventStream, envVars, new LogCapture().Output);

        using var response = JsonDocument.Parse(output);
        Assert.Equal(expectedStatus, response.RootElement.GetProperty("statusCode").GetInt32());
        Assert.True(response.RootElement.GetProperty("headers").TryGetProperty("X-Request-ID", out _));
    }

    [GeneratedRegex(@"^\| (?<file>[\w.-]+\.json) \| (?<function>\w+) \| .* \| (?<status>\d{3}) \|$", RegexOptions.Multiline)]
    private static partial Regex ReadmeRow();
}
