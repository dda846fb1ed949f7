using Gateway.HostileInputTests.Corpus;
using Gateway.HostileInputTests.Events;
using Xunit.Abstractions;

namespace Gateway.HostileInputTests;

/// <summary>Every event family against the proxy Lambda, in-process, as the Lambda runtime would call it.</summary>
public sealed class EventCorpusTests(ITestOutputHelper output)
{
    public static TheoryData<string> Families => [.. EventFamilies.All.Select(family => family.Name)];

    [Theory]
    [MemberData(nameof(Families))]
    public async Task The_proxy_lambda_gives_every_event_its_promised_answer(string family)
    {
        await using var rig = await CorpusRig.StartAsync(CorpusGateway.Events);
        var lambda = new LambdaCorpusHost(rig.Gateway);

        var result = await CorpusRunner.RunAsync($"{family} on the proxy Lambda", EventFamilies.Named(family).Generate(CorpusSettings.Current),
            (item, _) => rig.CheckAsync(EventOracle.WithAuthorizerIdentity(item), () => lambda.InvokeAsync(item.Event)));

        result.AssertClean(output);
    }
}
