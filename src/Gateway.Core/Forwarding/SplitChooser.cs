using Gateway.Configuration;

namespace Gateway.Forwarding;

/// <summary>
/// Picks the side of a split for one request. Without a sticky key: smooth weighted round-robin (as nginx does it),
/// so every run of requests as long as the weights' sum gets each side in proportion, interleaved rather than in
/// bursts. With a key: weighted rendezvous hashing, so a caller always gets the same side, and changing a weight moves
/// only the callers that must move (those that now score higher on the side that grew).
/// </summary>
public sealed class SplitChooser
{
    private readonly int[] _weights;
    private readonly ulong[] _sideSeeds;
    private readonly long[] _current;
    private readonly int _total;
    private readonly Lock _gate = new();

    public SplitChooser(IReadOnlyList<SplitSide> sides)
    {
        _weights = sides.Select(side => side.Weight).ToArray();
        // Seeded by the service's name, not its position: reordering the list in the file moves no caller.
        _sideSeeds = sides.Select(side => StableHash.Of(side.Service, 0)).ToArray();
        _current = new long[_weights.Length];
        _total = _weights.Sum();
    }

    /// <summary>The next side in smooth weighted round-robin order.</summary>
    public int Next()
    {
        lock (_gate)
        {
            var best = 0;
            for (var i = 0; i < _current.Length; i++)
            {
                _current[i] += _weights[i];
                if (_current[i] > _current[best])
                {
                    best = i;
                }
            }
            _current[best] -= _total;
            return best;
        }
    }

    /// <summary>The side for a caller: the highest score weight / -ln(u), u the key's hash with the side in (0, 1).</summary>
    public int ForKey(string key)
    {
        var best = -1;
        var bestScore = double.NegativeInfinity;
        for (var i = 0; i < _weights.Length; i++)
        {
            if (_weights[i] == 0)
            {
                continue;
            }
            var unit = ((StableHash.Of(key, _sideSeeds[i]) >> 11) + 0.5) / (1UL << 53);
            var score = _weights[i] / -Math.Log(unit);
            if (score > bestScore)
            {
                best = i;
                bestScore = score;
            }
        }
        return best;
    }
}

/// <summary>
/// A hash that is the same in every process (string.GetHashCode is randomized per process, and every Lambda instance
/// must send a caller to the same side): FNV-1a over the UTF-16 code units, finished with SplitMix64's mixer.
/// </summary>
internal static class StableHash
{
    public static ulong Of(string text, ulong seed)
    {
        var hash = 14695981039346656037UL ^ seed;
        foreach (var c in text)
        {
            hash = (hash ^ c) * 1099511628211UL;
        }
        hash ^= hash >> 30;
        hash *= 0xbf58476d1ce4e5b9UL;
        hash ^= hash >> 27;
        hash *= 0x94d049bb133111ebUL;
        return hash ^ (hash >> 31);
    }
}
