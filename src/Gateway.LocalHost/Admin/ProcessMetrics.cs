using System.Globalization;
using System.Text;

namespace Gateway.LocalHost.Admin;

/// <summary>
/// The process's memory and garbage collector, in Prometheus text under the names other .NET exporters use, so that
/// a soak or a dashboard can tell a leak (the heap after each collection keeps growing) from a heap that has simply
/// not been collected yet (the resident size grows, the heap after collection does not).
/// </summary>
public static class ProcessMetrics
{
    public static void AppendTo(StringBuilder text)
    {
        var gc = GC.GetGCMemoryInfo();
        Gauge(text, "process_resident_memory_bytes", Environment.WorkingSet);
        Gauge(text, "dotnet_gc_heap_size_bytes", gc.HeapSizeBytes);
        Gauge(text, "dotnet_gc_fragmented_bytes", gc.FragmentedBytes);
        text.Append("# TYPE dotnet_gc_allocated_bytes_total counter\n")
            .Append("dotnet_gc_allocated_bytes_total ").Append(GC.GetTotalAllocatedBytes().ToString(CultureInfo.InvariantCulture)).Append('\n');
        text.Append("# TYPE dotnet_gc_collections_total counter\n");
        for (var generation = 0; generation <= GC.MaxGeneration; generation++)
        {
            text.Append("dotnet_gc_collections_total{generation=\"").Append(generation.ToString(CultureInfo.InvariantCulture)).Append("\"} ")
                .Append(GC.CollectionCount(generation).ToString(CultureInfo.InvariantCulture)).Append('\n');
        }
    }

    private static void Gauge(StringBuilder text, string name, long value) =>
        text.Append("# TYPE ").Append(name).Append(" gauge\n").Append(name).Append(' ').Append(value.ToString(CultureInfo.InvariantCulture)).Append('\n');
}
