namespace Gateway.Policies.Caching;

/// <summary>A stored response: what a hit answers with, until <see cref="Expires"/>.</summary>
internal sealed record CachedResponse(int Status, KeyValuePair<string, string>[] Headers, ReadOnlyMemory<byte> Body, DateTimeOffset Stored, DateTimeOffset Expires)
{
    /// <summary>An estimate of the memory the entry holds, for the store's byte bound.</summary>
    public long Size(string key)
    {
        long size = 128 + key.Length * 2L + Body.Length;
        foreach (var (name, value) in Headers)
        {
            size += 48 + (name.Length + value.Length) * 2L;
        }
        return size;
    }
}

/// <summary>
/// An in-memory cache for one route, in this instance only, bounded by entries and by bytes: the least recently
/// used entries go first when either bound is reached, and expired ones are dropped when met. Thread-safe.
/// </summary>
internal sealed class ResponseCacheStore(int maxEntries, long maxBytes, TimeProvider time)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, LinkedListNode<(string Key, CachedResponse Response, long Size)>> _entries = new(StringComparer.Ordinal);

    // Most recently used first.
    private readonly LinkedList<(string Key, CachedResponse Response, long Size)> _recency = new();
    private long _bytes;

    public bool TryGet(string key, out CachedResponse response)
    {
        var now = time.GetUtcNow();
        lock (_lock)
        {
            if (_entries.TryGetValue(key, out var node))
            {
                if (node.Value.Response.Expires > now)
                {
                    _recency.Remove(node);
                    _recency.AddFirst(node);
                    response = node.Value.Response;
                    return true;
                }
                Remove(node);
            }
        }
        response = null!;
        return false;
    }

    public void Set(string key, CachedResponse response)
    {
        var size = response.Size(key);
        if (size > maxBytes)
        {
            return;
        }
        lock (_lock)
        {
            if (_entries.TryGetValue(key, out var existing))
            {
                Remove(existing);
            }
            _entries[key] = _recency.AddFirst((key, response, size));
            _bytes += size;
            while (_entries.Count > maxEntries || _bytes > maxBytes)
            {
                Remove(_recency.Last!);
            }
        }
    }

    private void Remove(LinkedListNode<(string Key, CachedResponse Response, long Size)> node)
    {
        _recency.Remove(node);
        _entries.Remove(node.Value.Key);
        _bytes -= node.Value.Size;
    }
}
