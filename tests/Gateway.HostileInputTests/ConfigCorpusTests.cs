using Gateway.HostileInputTests.Configuration;
using Gateway.HostileInputTests.Corpus;
using Xunit.Abstractions;

namespace Gateway.HostileInputTests;

/// <summary>Every configuration family through GatewayConfigLoader, and what it accepts through a built gateway.</summary>
public sealed class ConfigCorpusTests(ITestOutputHelper output)
{
    public static TheoryData<string> Families => [.. ConfigFamilies.All.Select(family => family.Name)];

    [Theory]
    [MemberData(nameof(Families))]
    public async Task The_loader_accepts_or_rejects_with_problems_and_never_throws(string family)
    {
        var result = await CorpusRunner.RunAsync($"{family} through the loader", ConfigFamilies.Named(family).Generate(CorpusSettings.Current),
            (item, _) => ConfigChecks.VerifyAsync(item));

        result.AssertClean(output);
    }
}
