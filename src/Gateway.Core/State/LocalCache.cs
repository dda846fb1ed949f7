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

    public int Capacity { get; } = capacity;

    public bool TryGet(string key, out TValue value) => _entries.TryGetValue(key, out value!);

    public TValue? GetOrDefault(string key) => _entries.TryGetValue(key, out var value) ? value : default;

    public void Set(string key, TValue value)
    {
        if (_entries.Count >= Capacity)
        {
            _entries.Clear();
        }
        _entries[key] = value;
    }

    public void Remove(string key) => _entries.TryRemove(key, out _);
}
