using System.Collections.Concurrent;

namespace Gateway.State;

/// <summary>
/// What one gateway instance remembers about shared state (the last counter value seen, a window known to be
/// exhausted). Keys come from callers (IPs, tenants), so the map is bounded: past <see cref="Capacity"/> entries it
/// starts over, which costs at most one extra store round trip per key.
/// </summary>
public sealed class LocalCache<TValue>(int capacity = LocalCache<TValue>.DefaultCapacity)
{
    public const int DefaultCapacity = 50_000;

    private readonly ConcurrentDictionary<string, TValue> _entries = new(StringComparer.Ordinal);
    private int _setsSinceSizeCheck;

    public int Capacity { get; } = capacity;

    public bool TryGet(string key, out TValue value) => _entries.TryGetValue(key, out value!);

    public void Set(string key, TValue value)
    {
        // Count takes every lock of the dictionary: look at it now and then, not on every request.
        if (Interlocked.Increment(ref _setsSinceSizeCheck) % 1024 == 0 && _entries.Count >= Capacity)
        {
            _entries.Clear();
        }
        _entries[key] = value;
    }

    public void Remove(string key) => _entries.TryRemove(key, out _);

    public int Count => _entries.Count;

    /// <summary>Up to <paramref name="limit"/> entries, for diagnostics (a moment's snapshot, not a consistent one).</summary>
    public IEnumerable<KeyValuePair<string, TValue>> Sample(int limit) => _entries.Take(limit);
}
