namespace Gateway.HostileInputTests.Events;

/// <summary>The event families, each run against the proxy Lambda. A new family is one <see cref="IEventFamily"/> and one line here.</summary>
public static class EventFamilies
{
    public static IReadOnlyList<IEventFamily> All { get; } =
    [
        new TruncationFamily(),
        FieldMutationFamily.WrongTypes,
        FieldMutationFamily.Nulls,
        FieldMutationFamily.MissingFields,
        FieldMutationFamily.Empties,
        FieldMutationFamily.Numbers,
        new DuplicateKeyFamily(),
        new NestingFamily(),
        new EventBodyFamily(),
        new EncodingFamily(),
    ];

    public static IEventFamily Named(string name) => All.Single(family => family.Name == name);
}
