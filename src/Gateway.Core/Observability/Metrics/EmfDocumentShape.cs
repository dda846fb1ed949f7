using System.Text.Json;

namespace Gateway.Observability.Metrics;

/// <summary>
/// The constant part of an EMF document, serialized once: the <c>CloudWatchMetrics</c> directive (namespace,
/// dimension sets, metric names and units) and the names its values go under. Per document only the timestamp,
/// the dimension values and the metric values are written. The format's limits are enforced when a shape is made:
/// at most 100 metrics per document (more are split across several shapes) and at most 30 dimensions per set.
/// </summary>
public sealed class EmfDocumentShape
{
    public const int MaxMetricsPerDocument = 100;
    public const int MaxDimensionsPerSet = 30;

    private EmfDocumentShape(byte[] directive, JsonEncodedText[] dimensionNames, JsonEncodedText[] metricNames)
    {
        Directive = directive;
        DimensionNames = dimensionNames;
        MetricNames = metricNames;
    }

    internal byte[] Directive { get; }

    /// <summary>Every dimension the sets name, in first-seen order: the order dimension values are given in.</summary>
    internal JsonEncodedText[] DimensionNames { get; }

    internal JsonEncodedText[] MetricNames { get; }

    public int MetricCount => MetricNames.Length;

    /// <summary>One shape per 100 metrics.</summary>
    public static IReadOnlyList<EmfDocumentShape> Create(string metricsNamespace, IReadOnlyList<string[]> dimensionSets, IReadOnlyList<MetricDefinition> metrics)
    {
        foreach (var set in dimensionSets)
        {
            if (set.Length > MaxDimensionsPerSet)
            {
                throw new ArgumentException($"an EMF dimension set has at most {MaxDimensionsPerSet} dimensions; got {set.Length}", nameof(dimensionSets));
            }
        }
        var dimensionNames = dimensionSets.SelectMany(set => set).Distinct(StringComparer.Ordinal).Select(name => JsonEncodedText.Encode(name)).ToArray();
        return metrics.Chunk(MaxMetricsPerDocument)
            .Select(chunk => new EmfDocumentShape(SerializeDirective(metricsNamespace, dimensionSets, chunk), dimensionNames, chunk.Select(m => JsonEncodedText.Encode(m.Name)).ToArray()))
            .ToArray();
    }

    private static byte[] SerializeDirective(string metricsNamespace, IReadOnlyList<string[]> dimensionSets, MetricDefinition[] metrics)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartArray();
            json.WriteStartObject();
            json.WriteString("Namespace", metricsNamespace);
            json.WriteStartArray("Dimensions");
            foreach (var set in dimensionSets)
            {
                json.WriteStartArray();
                foreach (var name in set)
                {
                    json.WriteStringValue(name);
                }
                json.WriteEndArray();
            }
            json.WriteEndArray();
            json.WriteStartArray("Metrics");
            foreach (var metric in metrics)
            {
                json.WriteStartObject();
                json.WriteString("Name", metric.Name);
                json.WriteString("Unit", metric.Unit);
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteEndObject();
            json.WriteEndArray();
        }
        return buffer.ToArray();
    }
}
