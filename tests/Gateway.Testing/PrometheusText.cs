using System.Globalization;
using System.Text.RegularExpressions;
using Gateway.LocalHost.Metrics;
using Gateway.Pipeline;

namespace Gateway.Testing;

/// <summary>One line of Prometheus' text format: a metric name, its labels and its value.</summary>
public sealed record PrometheusSample(string Name, IReadOnlyDictionary<string, string> Labels, double Value)
{
    /// <summary>Whether the labels are exactly these (a histogram bucket's <c>le</c> aside).</summary>
    public bool HasLabels(params (string Name, string Value)[] labels) =>
        Labels.Count(label => label.Key != "le") == labels.Length
        && labels.All(label => Labels.TryGetValue(label.Name, out var value) && value == label.Value);
}

/// <summary>A scrape of a /metrics endpoint, parsed the way a Prometheus server reads it, for tests to query.</summary>
public sealed partial class PrometheusText
{
    private PrometheusText(IReadOnlyList<PrometheusSample> samples, IReadOnlyDictionary<string, string> types)
    {
        Samples = samples;
        Types = types;
    }

    public IReadOnlyList<PrometheusSample> Samples { get; }

    /// <summary>Each metric family's declared type (counter, gauge, histogram…), from its <c># TYPE</c> line.</summary>
    public IReadOnlyDictionary<string, string> Types { get; }

    public static PrometheusText Parse(string text)
    {
        var samples = new List<PrometheusSample>();
        var types = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            if (line.StartsWith("# TYPE ", StringComparison.Ordinal))
            {
                var parts = line.Split(' ');
                types[parts[2]] = parts[3];
                continue;
            }
            if (line.StartsWith('#'))
            {
                continue;
            }
            var match = SampleLine().Match(line);
            if (!match.Success)
            {
                throw new FormatException($"not a Prometheus sample line: {line}");
            }
            var labels = LabelPair().Matches(match.Groups["labels"].Value)
                .ToDictionary(pair => pair.Groups["name"].Value, pair => Regex.Unescape(pair.Groups["value"].Value), StringComparer.Ordinal);
            samples.Add(new PrometheusSample(match.Groups["name"].Value, labels, ParseValue(match.Groups["value"].Value)));
        }
        return new PrometheusText(samples, types);
    }

    /// <summary>What serve's /metrics would answer now, for <paramref name="gateway"/>'s breakers.</summary>
    public static async Task<PrometheusText> ScrapeAsync(GatewayPrometheusMetrics metrics, GatewayHandler gateway)
    {
        using var output = new MemoryStream();
        await metrics.WriteAsync(output, gateway, CancellationToken.None);
        return Parse(System.Text.Encoding.UTF8.GetString(output.ToArray()));
    }

    /// <summary>The one sample of <paramref name="name"/> with exactly these labels.</summary>
    public double Value(string name, params (string Name, string Value)[] labels) =>
        Samples.Single(sample => sample.Name == name && sample.HasLabels(labels)).Value;

    /// <summary>A histogram series' buckets, in the order written: upper bound and cumulative count.</summary>
    public IReadOnlyList<(double UpperBound, double Count)> Buckets(string histogram, params (string Name, string Value)[] labels) =>
        [.. Samples.Where(sample => sample.Name == histogram + "_bucket" && sample.HasLabels(labels))
            .Select(sample => (ParseValue(sample.Labels["le"]), sample.Value))];

    /// <summary>
    /// A quantile as PromQL's histogram_quantile estimates it: linear within the bucket the rank falls in.
    /// </summary>
    public double Quantile(double quantile, string histogram, params (string Name, string Value)[] labels)
    {
        var buckets = Buckets(histogram, labels);
        var rank = quantile * buckets[^1].Count;
        var (lower, below) = (0.0, 0.0);
        foreach (var (upper, count) in buckets)
        {
            if (count >= rank)
            {
                return double.IsPositiveInfinity(upper) ? lower : lower + ((upper - lower) * (rank - below) / (count - below));
            }
            (lower, below) = (upper, count);
        }
        throw new InvalidOperationException($"{histogram} has no +Inf bucket");
    }

    private static double ParseValue(string value) => value switch
    {
        "+Inf" => double.PositiveInfinity,
        "-Inf" => double.NegativeInfinity,
        _ => double.Parse(value, NumberStyles.Float, CultureInfo.InvariantCulture),
    };

    [GeneratedRegex("""^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?<labels>.*)\})? (?<value>\S+)$""")]
    private static partial Regex SampleLine();

    [GeneratedRegex("""(?<name>[a-zA-Z_][a-zA-Z0-9_]*)="(?<value>(?:[^"\\]|\\.)*)",?""")]
    private static partial Regex LabelPair();
}
