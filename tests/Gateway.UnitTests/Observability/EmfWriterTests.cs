using Gateway.Observability.Metrics;
using Gateway.Testing;

namespace Gateway.UnitTests.Observability;

public sealed class EmfWriterTests
{
    private static IReadOnlyList<System.Text.Json.JsonElement> Write(string[][] sets, string[] dimensionValues, MetricDefinition[] metrics, double[] values)
    {
        var logs = new LogCapture();
        new EmfWriter(logs.Output, TimeProvider.System).Write(EmfDocumentShape.Create("ServerlessGateway", sets, metrics), dimensionValues, values);
        return logs.Documents;
    }

    [Fact]
    public void Writes_a_document_that_follows_the_specification()
    {
        var documents = Write([["service"], ["service", "route"]], ["gw", "get-order"], [new("Requests", "Count"), new("Latency", "Milliseconds")], [1, 12.5]);

        var document = Assert.Single(documents);
        Assert.Empty(EmfSpecification.Violations(document));
        var directive = document.GetProperty("_aws").GetProperty("CloudWatchMetrics")[0];
        Assert.Equal("ServerlessGateway", directive.GetProperty("Namespace").GetString());
        Assert.Equal(2, directive.GetProperty("Dimensions").GetArrayLength());
        Assert.Equal(12.5, document.GetProperty("Latency").GetDouble());
        Assert.Equal("get-order", document.GetProperty("route").GetString());
        Assert.InRange(document.GetProperty("_aws").GetProperty("Timestamp").GetInt64(), DateTimeOffset.UtcNow.AddMinutes(-1).ToUnixTimeMilliseconds(), DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
    }

    [Fact]
    public void More_than_100_metrics_are_split_across_documents()
    {
        var metrics = Enumerable.Range(0, 250).Select(i => new MetricDefinition($"m{i}", "Count")).ToArray();
        var values = Enumerable.Range(0, 250).Select(i => (double)i).ToArray();

        var documents = Write([["service"]], ["gw"], metrics, values);

        Assert.Equal(3, documents.Count);
        Assert.All(documents, d => Assert.Empty(EmfSpecification.Violations(d)));
        Assert.Equal([100, 100, 50], documents.Select(d => d.GetProperty("_aws").GetProperty("CloudWatchMetrics")[0].GetProperty("Metrics").GetArrayLength()));
        Assert.Equal(249, documents[2].GetProperty("m249").GetDouble());
        Assert.Equal(100, documents[1].GetProperty("m100").GetDouble());
    }

    [Fact]
    public void More_than_30_dimensions_in_a_set_are_refused()
    {
        var names = Enumerable.Range(0, 31).Select(i => $"d{i}").ToArray();

        Assert.Throws<ArgumentException>(() => EmfDocumentShape.Create("ns", [names], [new("Requests", "Count")]));
    }

    [Fact]
    public void The_specification_check_catches_broken_documents()
    {
        static System.Text.Json.JsonElement Parse(string json) => System.Text.Json.JsonDocument.Parse(json).RootElement;

        Assert.NotEmpty(EmfSpecification.Violations(Parse("""{"Requests":1}""")));
        Assert.NotEmpty(EmfSpecification.Violations(Parse("""{"_aws":{"Timestamp":1795338902000,"CloudWatchMetrics":[{"Namespace":"n","Dimensions":[["service"]],"Metrics":[{"Name":"Requests","Unit":"Count"}]}]},"Requests":1}""")));
        Assert.NotEmpty(EmfSpecification.Violations(Parse("""{"_aws":{"Timestamp":1795338902000,"CloudWatchMetrics":[{"Namespace":"n","Dimensions":[["service"]],"Metrics":[{"Name":"Requests","Unit":"Furlongs"}]}]},"service":"s","Requests":1}""")));
        Assert.Empty(EmfSpecification.Violations(Parse("""{"_aws":{"Timestamp":1795338902000,"CloudWatchMetrics":[{"Namespace":"n","Dimensions":[["service"]],"Metrics":[{"Name":"Requests","Unit":"Count"}]}]},"service":"s","Requests":1}""")));
    }
}
