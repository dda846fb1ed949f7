using System.Text.Json;

namespace Gateway.Testing;

/// <summary>
/// Checks a document against the CloudWatch Embedded Metric Format specification's structure: a root object with
/// <c>_aws.Timestamp</c> (epoch milliseconds) and <c>_aws.CloudWatchMetrics</c>, each directive with a Namespace,
/// Dimensions (arrays of at most 30 names) and Metrics (at most 100, each with a Name and a valid Unit), and every
/// referenced dimension (a string) and metric (a number) present at the top level.
/// </summary>
public static class EmfSpecification
{
    private static readonly HashSet<string> Units =
    [
        "Seconds", "Microseconds", "Milliseconds", "Bytes", "Kilobytes", "Megabytes", "Gigabytes", "Terabytes",
        "Bits", "Kilobits", "Megabits", "Gigabits", "Terabits", "Percent", "Count", "Bytes/Second",
        "Kilobytes/Second", "Megabytes/Second", "Gigabytes/Second", "Terabytes/Second", "Bits/Second",
        "Kilobits/Second", "Megabits/Second", "Gigabits/Second", "Terabits/Second", "Count/Second", "None",
    ];

    public static bool IsEmf(JsonElement document) => document.ValueKind == JsonValueKind.Object && document.TryGetProperty("_aws", out _);

    /// <summary>Every way <paramref name="document"/> breaks the specification; empty when it conforms.</summary>
    public static IReadOnlyList<string> Violations(JsonElement document)
    {
        var problems = new List<string>();
        if (!document.TryGetProperty("_aws", out var aws) || aws.ValueKind != JsonValueKind.Object)
        {
            return ["no _aws object"];
        }
        if (!aws.TryGetProperty("Timestamp", out var timestamp) || timestamp.ValueKind != JsonValueKind.Number || !timestamp.TryGetInt64(out var millis) || millis < 1_000_000_000_000)
        {
            problems.Add("_aws.Timestamp is not epoch milliseconds");
        }
        if (!aws.TryGetProperty("CloudWatchMetrics", out var directives) || directives.ValueKind != JsonValueKind.Array || directives.GetArrayLength() == 0)
        {
            problems.Add("_aws.CloudWatchMetrics is not a non-empty array");
            return problems;
        }
        foreach (var directive in directives.EnumerateArray())
        {
            if (!directive.TryGetProperty("Namespace", out var ns) || ns.ValueKind != JsonValueKind.String || ns.GetString()!.Length is 0 or > 255)
            {
                problems.Add("a directive has no valid Namespace");
            }
            if (!directive.TryGetProperty("Dimensions", out var dimensionSets) || dimensionSets.ValueKind != JsonValueKind.Array)
            {
                problems.Add("a directive has no Dimensions array");
            }
            else
            {
                foreach (var set in dimensionSets.EnumerateArray())
                {
                    if (set.ValueKind != JsonValueKind.Array || set.GetArrayLength() > 30)
                    {
                        problems.Add("a dimension set is not an array of at most 30 names");
                        continue;
                    }
                    foreach (var name in set.EnumerateArray())
                    {
                        if (name.ValueKind != JsonValueKind.String || !document.TryGetProperty(name.GetString()!, out var value) || value.ValueKind != JsonValueKind.String)
                        {
                            problems.Add($"dimension {name} is not a string at the top level");
                        }
                    }
                }
            }
            if (!directive.TryGetProperty("Metrics", out var metrics) || metrics.ValueKind != JsonValueKind.Array || metrics.GetArrayLength() > 100)
            {
                problems.Add("a directive's Metrics is not an array of at most 100");
                continue;
            }
            foreach (var metric in metrics.EnumerateArray())
            {
                if (!metric.TryGetProperty("Name", out var name) || name.ValueKind != JsonValueKind.String)
                {
                    problems.Add("a metric has no Name");
                    continue;
                }
                if (metric.TryGetProperty("Unit", out var unit) && !Units.Contains(unit.GetString() ?? string.Empty))
                {
                    problems.Add($"metric {name} has an unknown unit {unit}");
                }
                if (!document.TryGetProperty(name.GetString()!, out var value) || value.ValueKind != JsonValueKind.Number)
                {
                    problems.Add($"metric {name} has no number at the top level");
                }
            }
        }
        return problems;
    }
}
