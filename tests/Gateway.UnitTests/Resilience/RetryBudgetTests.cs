using Gateway.Resilience;
using Gateway.Testing;

namespace Gateway.UnitTests.Resilience;

public sealed class RetryBudgetTests
{
    private readonly ManualTimeProvider _clock = new(new DateTimeOffset(2026, 11, 22, 9, 0, 0, TimeSpan.Zero));

    [Fact]
    public void Retries_are_capped_at_the_ratio_of_recent_requests()
    {
        var budget = new RetryBudget(ratio: 0.2, minPerSecond: 0, _clock);
        for (var i = 0; i < 10; i++)
        {
            budget.RecordRequest();
        }

        Assert.Equal([true, true, false], [budget.TryWithdraw(), budget.TryWithdraw(), budget.TryWithdraw()]);
    }

    [Fact]
    public void A_floor_allows_some_retries_however_little_traffic()
    {
        var budget = new RetryBudget(ratio: 0.2, minPerSecond: 3, _clock);
        budget.RecordRequest();

        Assert.Equal([true, true, true, false], [budget.TryWithdraw(), budget.TryWithdraw(), budget.TryWithdraw(), budget.TryWithdraw()]);
    }

    [Fact]
    public void The_previous_second_counts_for_the_part_of_it_still_in_the_last_second()
    {
        var budget = new RetryBudget(ratio: 0.5, minPerSecond: 0, _clock);
        for (var i = 0; i < 10; i++)
        {
            budget.RecordRequest();
        }
        Assert.True(budget.TryWithdraw());

        // Half a second into the next second: 10 requests × 0.5 overlap = 5 requests, × 0.5 ratio = 2.5 retries,
        // of which 1 × 0.5 = 0.5 already spent: two more fit, a third does not.
        _clock.Advance(TimeSpan.FromSeconds(1.5));
        Assert.Equal([true, true, false], [budget.TryWithdraw(), budget.TryWithdraw(), budget.TryWithdraw()]);

        // Two seconds on, nothing is left of that traffic.
        _clock.Advance(TimeSpan.FromSeconds(2));
        Assert.False(budget.TryWithdraw());
    }
}
