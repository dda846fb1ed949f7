using Gateway.HostileInputTests.Corpus;
using Gateway.HostileInputTests.Requests;
using Xunit.Abstractions;

namespace Gateway.HostileInputTests;

/// <summary>Every request family against both hosts: the Lambda handler in-process, and the Kestrel host over raw sockets.</summary>
public sealed class RequestCorpusTests(ITestOutputHelper output)
{
    public static TheoryData<string> Families => [.. RequestFamilies.All.Select(family => family.Name)];

    [Theory]
    [MemberData(nameof(Families))]
    public async Task The_lambda_handler_gives_every_case_its_promised_answer(string family)
    {
        await using var rig = await CorpusRig.StartAsync(CorpusGateway.Requests);
        var lambda = new LambdaCorpusHost(rig.Gateway);
        var cases = RequestFamilies.Named(family).Generate(CorpusSettings.Current).Where(c => c.Lambda is not null);

        var result = await CorpusRunner.RunAsync($"{family} on the Lambda handler", cases,
            (item, _) => rig.CheckAsync(item.Lambda!, () => lambda.InvokeAsync(HttpApiEvent.From(item.Request))));

        result.AssertClean(output);
    }

    [Theory]
    [MemberData(nameof(Families))]
    public async Task The_kestrel_host_gives_every_case_its_promised_answer(string family)
    {
        await using var rig = await CorpusRig.StartAsync(CorpusGateway.Requests);
        await using var kestrel = await KestrelCorpusHost.StartAsync(rig);
        var cases = RequestFamilies.Named(family).Generate(CorpusSettings.Current).Where(c => c.Kestrel is not null);

        var result = await CorpusRunner.RunAsync($"{family} on the Kestrel host", cases,
            (item, cancellation) => rig.CheckAsync(item.Kestrel!, () => kestrel.SendAsync(item.Wire ?? WireRequest.From(item.Request), cancellation)));

        result.AssertClean(output);
    }
}
