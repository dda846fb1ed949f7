namespace Gateway.State;

/// <summary>
/// One counter item as the store holds it. <see cref="Mark"/> is the window the counts belong to; <see cref="Count"/>
/// is the current window's count (or, for the token bucket, its theoretical arrival time in microseconds);
/// <see cref="Previous"/> is the previous window's final count (sliding windows only).
/// </summary>
public readonly record struct CounterState(long Mark, long Count, long Previous);

/// <summary>
/// The conditional writes every rate-limit algorithm is made of. Each is one atomic conditional update of one item, so
/// concurrent gateway instances can never take more than the condition allows.
/// </summary>
public enum CounterWriteKind
{
    /// <summary>Same window: <c>Count += Amount</c> if <c>Mark == Window</c> and <c>Count &lt;= Ceiling</c>.</summary>
    AddInWindow,

    /// <summary>
    /// The next window: <c>Previous = Count, Count = Amount, Mark = Window</c> if <c>Mark == Window - 1</c> and
    /// <c>Count &lt;= Ceiling</c>.
    /// </summary>
    RollWindow,

    /// <summary>A fresh start: <c>Previous = 0, Count = Amount, Mark = Window</c> if the item is absent or <c>Mark &lt; Floor</c>.</summary>
    StartWindow,

    /// <summary>Token bucket: <c>Count += Amount</c> if <c>Floor &lt;= Count &lt;= Ceiling</c>.</summary>
    Advance,

    /// <summary>Token bucket: <c>Count = Amount</c> if the item is absent or <c>Count &lt; Floor</c>.</summary>
    Restart,
}

/// <summary>
/// One conditional write to one counter item. <see cref="ExpiresAt"/> becomes the item's TTL. When
/// <see cref="Previous"/> is set, an <see cref="CounterWriteKind.AddInWindow"/> also requires the stored previous count
/// to be that value: the ceiling was computed from it.
/// </summary>
public readonly record struct CounterWrite(
    string Key,
    CounterWriteKind Kind,
    long Window,
    long Amount,
    long Floor,
    long Ceiling,
    DateTimeOffset ExpiresAt,
    long? Previous = null)
{
    /// <summary>Whether the write's condition holds on <paramref name="current"/> (null: the item does not exist).</summary>
    public bool ConditionHolds(CounterState? current) => Kind switch
    {
        CounterWriteKind.AddInWindow => current is { } s && s.Mark == Window && s.Count <= Ceiling && (Previous is null || s.Previous == Previous),
        CounterWriteKind.RollWindow => current is { } s && s.Mark == Window - 1 && s.Count <= Ceiling,
        CounterWriteKind.StartWindow => current is not { } s || s.Mark < Floor,
        CounterWriteKind.Advance => current is { } s && s.Count >= Floor && s.Count <= Ceiling,
        CounterWriteKind.Restart => current is not { } s || s.Count < Floor,
        _ => false,
    };

    /// <summary>The item after this write, given that its condition held on <paramref name="current"/>.</summary>
    public CounterState Apply(CounterState? current) => Kind switch
    {
        CounterWriteKind.AddInWindow or CounterWriteKind.Advance => current!.Value with { Count = current.Value.Count + Amount },
        CounterWriteKind.RollWindow => new CounterState(Window, Amount, current!.Value.Count),
        CounterWriteKind.StartWindow => new CounterState(Window, Amount, 0),
        CounterWriteKind.Restart => new CounterState(0, Amount, 0),
        _ => throw new InvalidOperationException($"unknown counter write {Kind}"),
    };
}

/// <summary>How one write of a batch ended.</summary>
public enum CounterWriteOutcome
{
    Applied,

    /// <summary>Its condition did not hold; <see cref="CounterWriteResult.State"/> is the item as it was.</summary>
    ConditionFailed,

    /// <summary>Another write of the batch failed first, so this one was neither applied nor checked.</summary>
    NotEvaluated,
}

/// <summary>
/// The outcome of one write: the item after it (applied), or as it was (condition failed; null when absent). An applied
/// write may come back without its state when the store cannot return it (DynamoDB transactions return no values):
/// the caller derives it from what it believed, which the write's condition kept safe.
/// </summary>
public readonly record struct CounterWriteResult(CounterWriteOutcome Outcome, CounterState? State);
