using System.Text.Json.Nodes;
using Gateway.HostileInputTests.Corpus;
using Gateway.Lambda.ApiGatewayEvents;

namespace Gateway.HostileInputTests.Events;

/// <summary>
/// Every key of every object of every real event, written twice. A key the contract reads (a field, a header, a stage
/// variable, an authorizer context entry) must not be given twice: 400 invalid_event, rather than one reader taking
/// the first and another the last. Keys the contract never reads are skipped, duplicates and all.
/// </summary>
public sealed class DuplicateKeyFamily : IEventFamily
{
    public string Name => "events-duplicates";

    public IEnumerable<EventCase> Generate(CorpusSettings settings)
    {
        var ids = new CaseIds(Name);
        foreach (var item in EventBases.All)
        {
            var contracts = item.Document["httpMethod"] is null
                ? new[] { typeof(APIGatewayHttpApiV2ProxyRequest) }
                : [typeof(APIGatewayHttpApiV2ProxyRequest), typeof(APIGatewayProxyRequest)];
            foreach (var (location, target) in Objects(item.Document))
            {
                foreach (var key in target.Select(p => p.Key).ToArray())
                {
                    var read = contracts.Any(contract => EventContract.TypeAt(contract, [.. location.Steps, key]) is not null);
                    yield return new EventCase(
                        ids.Next($"{item.Name} {location}.{key} twice"),
                        JsonLocations.WithDuplicate(item.Document, target, key),
                        read ? Expect.InvalidEvent : new Expect.Forwarded(CorpusGateway.EventPrefix));
                }
            }
        }
    }

    private static IEnumerable<(JsonLocation Location, JsonObject Object)> Objects(JsonObject root) =>
        new[] { (new JsonLocation([]), root) }.Concat(
            JsonLocations.All(root).Where(entry => entry.Value is JsonObject).Select(entry => (entry.Location, (JsonObject)entry.Value!)));
}
