using Gateway.Observability;

namespace Gateway.UnitTests.Observability;

public sealed class CorrelationIdsTests
{
    [Fact]
    public void New_ids_are_32_lowercase_hex_digits_and_do_not_repeat_across_threads()
    {
        // Random.Shared keeps one generator per thread, each seeded on its own: ids minted on different threads must
        // not follow the same sequence.
        var ids = new System.Collections.Concurrent.ConcurrentBag<string>();
        Parallel.For(0, 8, new ParallelOptions { MaxDegreeOfParallelism = 8 }, _ =>
        {
            for (var i = 0; i < 5_000; i++)
            {
                ids.Add(CorrelationIds.New128());
            }
        });

        Assert.Equal(40_000, ids.Distinct().Count());
        Assert.All(ids, id => Assert.Matches("^[0-9a-f]{32}$", id));
    }

    [Fact]
    public void FillHex_fills_every_digit_of_the_destination()
    {
        var digits = new char[16];
        var seen = new HashSet<char>();
        for (var i = 0; i < 200; i++)
        {
            Array.Fill(digits, 'x');
            CorrelationIds.FillHex(digits);
            Assert.DoesNotContain('x', digits);
            seen.UnionWith(digits);
        }

        // All sixteen digits turn up: the bytes are spread over the whole range, not stuck at a few values.
        Assert.Equal(16, seen.Count);
    }
}
