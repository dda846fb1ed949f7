using Gateway.HostileInputTests.Corpus;

namespace Gateway.HostileInputTests.Events;

/// <summary>Every real event cut at every byte before its closing brace: 400 invalid_event, every time.</summary>
public sealed class TruncationFamily : IEventFamily
{
    public string Name => "events-truncated";

    public IEnumerable<EventCase> Generate(CorpusSettings settings)
    {
        var ids = new CaseIds(Name);
        foreach (var item in EventBases.All)
        {
            var closing = Array.LastIndexOf(item.Raw, (byte)'}');
            for (var length = 0; length <= closing; length++)
            {
                yield return new EventCase(ids.Next($"{item.Name} cut at {length}"), item.Raw[..length], Expect.InvalidEvent);
            }
        }
    }
}
