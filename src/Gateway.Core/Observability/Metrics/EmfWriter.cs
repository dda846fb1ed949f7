using System.Buffers;
using System.Text.Json;
using Gateway.Observability.Logging;

namespace Gateway.Observability.Metrics;

/// <summary>
/// Writes CloudWatch Embedded Metric Format documents: <c>_aws.Timestamp</c> and <c>_aws.CloudWatchMetrics</c>
/// (from an <see cref="EmfDocumentShape"/>), then every dimension and metric value at the top level.
/// </summary>
public sealed class EmfWriter(LogOutput output, TimeProvider time)
{
    private static readonly JsonEncodedText Aws = JsonEncodedText.Encode("_aws");
    private static readonly JsonEncodedText Timestamp = JsonEncodedText.Encode("Timestamp");
    private static readonly JsonEncodedText CloudWatchMetrics = JsonEncodedText.Encode("CloudWatchMetrics");

    private readonly ArrayBufferWriter<byte> _buffer = new(2048);
    private readonly Lock _lock = new();
    private Utf8JsonWriter? _writer;

    /// <summary>
    /// Writes one document per shape, each with its share of <paramref name="values"/> (in the shapes' metric order),
    /// under <paramref name="dimensionValues"/> (in the shapes' dimension order).
    /// </summary>
    public void Write(IReadOnlyList<EmfDocumentShape> shapes, ReadOnlySpan<string> dimensionValues, ReadOnlySpan<double> values)
    {
        lock (_lock)
        {
            var offset = 0;
            foreach (var shape in shapes)
            {
                WriteDocument(shape, dimensionValues, values.Slice(offset, shape.MetricCount));
                offset += shape.MetricCount;
            }
        }
    }

    private void WriteDocument(EmfDocumentShape shape, ReadOnlySpan<string> dimensionValues, ReadOnlySpan<double> values)
    {
        _buffer.ResetWrittenCount();
        var json = _writer ??= new Utf8JsonWriter(_buffer, new JsonWriterOptions { SkipValidation = true });
        json.Reset(_buffer);

        json.WriteStartObject();
        json.WriteStartObject(Aws);
        json.WriteNumber(Timestamp, time.GetUtcNow().ToUnixTimeMilliseconds());
        json.WritePropertyName(CloudWatchMetrics);
        json.WriteRawValue(shape.Directive, skipInputValidation: true);
        json.WriteEndObject();
        for (var i = 0; i < shape.DimensionNames.Length; i++)
        {
            json.WriteString(shape.DimensionNames[i], dimensionValues[i]);
        }
        for (var i = 0; i < values.Length; i++)
        {
            var value = values[i];
            // Most values are counts of 0 or 1: integers format far faster than doubles.
            if (value == Math.Floor(value) && Math.Abs(value) < 1e15)
            {
                json.WriteNumber(shape.MetricNames[i], (long)value);
            }
            else
            {
                json.WriteNumber(shape.MetricNames[i], Math.Round(value, 3));
            }
        }
        json.WriteEndObject();
        json.Flush();
        output.WriteLine(_buffer);
    }
}
