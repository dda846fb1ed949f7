using Gateway.Lambda;
using Gateway.Testing;

namespace Gateway.UnitTests.Lambda;

/// <summary>The invocation's deadline as the pipeline sees it: a token canceled a margin before Lambda stops it.</summary>
public sealed class InvocationContextTests
{
    private readonly ManualTimeProvider _time = new();

    [Fact]
    public void Without_a_deadline_there_is_nothing_to_cancel()
    {
        Assert.Null(InvocationContext.None.CreateDeadlineSource(_time));
    }

    [Fact]
    public void A_deadline_closer_than_the_margin_is_already_canceled()
    {
        using var source = new InvocationContext("id", _time.GetUtcNow() + InvocationContext.AnswerMargin / 2).CreateDeadlineSource(_time);

        Assert.True(source!.IsCancellationRequested);
    }

    [Fact]
    public async Task The_token_is_canceled_the_margin_before_the_deadline_and_not_sooner()
    {
        using var far = new InvocationContext("id", _time.GetUtcNow() + TimeSpan.FromSeconds(30)).CreateDeadlineSource(_time);
        using var near = new InvocationContext("id", _time.GetUtcNow() + InvocationContext.AnswerMargin + TimeSpan.FromMilliseconds(100)).CreateDeadlineSource(_time);

        Assert.False(near!.IsCancellationRequested);
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.True(near.IsCancellationRequested);
        Assert.False(far!.IsCancellationRequested);
    }
}
