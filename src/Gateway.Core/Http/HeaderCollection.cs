using System.Runtime.InteropServices;

namespace Gateway.Http;

/// <summary>
/// Ordered, case-insensitive, multi-value HTTP headers. A list rather than a dictionary: a request carries a few
/// dozen headers at most, where a linear scan beats hashing and a repeated name needs no nested collection.
/// </summary>
public sealed class HeaderCollection
{
    private readonly List<KeyValuePair<string, string>> _entries;

    public HeaderCollection(int capacity = 16) => _entries = new List<KeyValuePair<string, string>>(capacity);

    public int Count => _entries.Count;

    public ReadOnlySpan<KeyValuePair<string, string>> AsSpan() => CollectionsMarshal.AsSpan(_entries);

    public List<KeyValuePair<string, string>>.Enumerator GetEnumerator() => _entries.GetEnumerator();

    /// <summary>Appends a value, keeping any existing values of the same name.</summary>
    public void Add(string name, string value) => _entries.Add(new(name, value));

    /// <summary>Replaces every value of <paramref name="name"/> with one value.</summary>
    public void Set(string name, string value)
    {
        var index = IndexOf(name);
        if (index < 0)
        {
            _entries.Add(new(name, value));
            return;
        }
        _entries[index] = new(name, value);
        RemoveFrom(name, index + 1);
    }

    public bool Remove(string name) => RemoveFrom(name, 0);

    /// <summary>Removes every header whose name <paramref name="matches"/>.</summary>
    public bool RemoveAll(Predicate<string> matches)
    {
        // By index rather than List.RemoveAll, whose predicate over entries would cost a closure per call.
        var removed = false;
        for (var i = _entries.Count - 1; i >= 0; i--)
        {
            if (matches(_entries[i].Key))
            {
                _entries.RemoveAt(i);
                removed = true;
            }
        }
        return removed;
    }

    public bool Contains(string name) => IndexOf(name) >= 0;

    /// <summary>The first value of <paramref name="name"/>, or null.</summary>
    public string? Get(string name)
    {
        var index = IndexOf(name);
        return index < 0 ? null : _entries[index].Value;
    }

    /// <summary>Every value of <paramref name="name"/> joined with ", ", as RFC 9110 allows for list-valued fields.</summary>
    public string? GetCombined(string name)
    {
        string? combined = null;
        foreach (var entry in AsSpan())
        {
            if (!Matches(entry.Key, name))
            {
                continue;
            }
            combined = combined is null ? entry.Value : string.Concat(combined, ", ", entry.Value);
        }
        return combined;
    }

    /// <summary>Renames every occurrence of <paramref name="from"/>, keeping values and order.</summary>
    public void Rename(string from, string to)
    {
        var entries = CollectionsMarshal.AsSpan(_entries);
        for (var i = 0; i < entries.Length; i++)
        {
            if (Matches(entries[i].Key, from))
            {
                entries[i] = new(to, entries[i].Value);
            }
        }
    }

    public void Clear() => _entries.Clear();

    private int IndexOf(string name)
    {
        var entries = AsSpan();
        for (var i = 0; i < entries.Length; i++)
        {
            if (Matches(entries[i].Key, name))
            {
                return i;
            }
        }
        return -1;
    }

    private bool RemoveFrom(string name, int start)
    {
        var removed = 0;
        for (var i = _entries.Count - 1; i >= start; i--)
        {
            if (Matches(_entries[i].Key, name))
            {
                _entries.RemoveAt(i);
                removed++;
            }
        }
        return removed > 0;
    }

    private static bool Matches(string a, string b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);
}
