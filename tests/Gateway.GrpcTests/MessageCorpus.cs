using Gateway.GrpcTests.Generated;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;

namespace Gateway.GrpcTests;

/// <summary>
/// Generated messages for the conformance oracle: every field kind, filled or left out at random from a fixed seed,
/// with the values that break naive transcoders (extremes, NaN, unicode, unknown enum numbers, deep nesting).
/// </summary>
public static class MessageCorpus
{
    private static readonly double[] Doubles = [0.1, -1.5e-300, 1e20, 3.141592653589793, double.MaxValue, double.Epsilon, -2.5, 1, 123456789.125];
    private static readonly float[] Floats = [0.1f, -1.5f, 3.4e38f, 1e-30f, 7f, float.Epsilon];
    private static readonly string[] Strings = ["", "plain", "héllo ✓ 😀", "quote \" and \\ backslash", "line\nbreak\ttab", "<tag> & 'x'", "\u2028\u0001"];

    public static IEnumerable<Everything> Generate(int count, int seed = 15)
    {
        var random = new Random(seed);
        for (var i = 0; i < count; i++)
        {
            yield return Everything(random, depth: 0);
        }
    }

    public static Everything Everything(Random random, int depth)
    {
        var m = new Everything();
        if (Coin(random)) m.AnInt32 = Pick(random, [0, 1, -1, int.MaxValue, int.MinValue, random.Next()]);
        if (Coin(random)) m.AnInt64 = Pick(random, [long.MaxValue, long.MinValue, -1L, random.NextInt64()]);
        if (Coin(random)) m.AUint32 = Pick(random, [uint.MaxValue, 1u, (uint)random.Next()]);
        if (Coin(random)) m.AUint64 = Pick(random, [ulong.MaxValue, 1UL, (ulong)random.NextInt64()]);
        if (Coin(random)) m.ASint32 = Pick(random, [int.MinValue, -5, int.MaxValue]);
        if (Coin(random)) m.ASint64 = Pick(random, [long.MinValue, -5L, long.MaxValue]);
        if (Coin(random)) m.AFixed32 = (uint)random.Next();
        if (Coin(random)) m.AFixed64 = ulong.MaxValue - (ulong)random.Next();
        if (Coin(random)) m.AnSfixed32 = -random.Next();
        if (Coin(random)) m.AnSfixed64 = -random.NextInt64();
        if (Coin(random)) m.AFloat = Pick(random, [.. Floats, float.NaN, float.PositiveInfinity]);
        if (Coin(random)) m.ADouble = Pick(random, [.. Doubles, double.NaN, double.NegativeInfinity]);
        if (Coin(random)) m.ABool = true;
        if (Coin(random)) m.AString = Pick(random, Strings);
        if (Coin(random)) m.SomeBytes = Bytes(random);
        if (Coin(random)) m.Color = Pick(random, [Color.Red, Color.Green, (Color)7]);
        if (Coin(random) && depth < 2) m.Inner = Inner(random, depth + 1);
        if (Coin(random)) m.MaybeInt = Pick(random, [0, 42]);
        if (Coin(random)) m.Int32S.Add([0, -1, int.MaxValue, random.Next()]);
        if (Coin(random)) m.Int64S.Add([long.MinValue, 0, random.NextInt64()]);
        if (Coin(random)) m.Doubles.Add([.. Doubles.Take(random.Next(1, Doubles.Length))]);
        if (Coin(random)) m.Strings.Add([.. Strings.Take(random.Next(1, Strings.Length))]);
        if (Coin(random)) m.ByteList.Add([Bytes(random), ByteString.Empty]);
        if (Coin(random)) m.Colors.Add([Color.Red, Color.Unspecified, Color.Green]);
        if (Coin(random) && depth < 2) m.Inners.Add([Inner(random, depth + 1), new Inner()]);
        if (Coin(random)) m.Sint64S.Add([-1, long.MinValue, 3]);
        if (Coin(random)) m.Fixed32S.Add([0, uint.MaxValue]);
        if (Coin(random)) m.Bools.Add([true, false, true]);
        if (Coin(random)) m.Floats.Add([.. Floats.Take(random.Next(1, Floats.Length))]);
        if (Coin(random)) m.Counts.Add(new Dictionary<string, int> { ["a"] = 1, [""] = 0, ["ü"] = -7 });
        if (Coin(random)) m.NamesById.Add(new Dictionary<long, string> { [long.MinValue] = "min", [0] = "", [99] = "x" });
        if (Coin(random) && depth < 2) m.InnerByFlag.Add(new Dictionary<bool, Inner> { [true] = Inner(random, depth + 1), [false] = new Inner() });
        if (Coin(random)) m.ColorsByCode.Add(new Dictionary<uint, Color> { [0] = Color.Green, [uint.MaxValue] = Color.Unspecified });
        if (Coin(random)) m.Extras.Add("v", Value(random, 0));
        switch (random.Next(4))
        {
            case 1: m.ChoiceText = Pick(random, Strings); break;
            case 2: m.ChoiceNumber = Pick(random, [0L, long.MaxValue]); break;
            case 3: m.ChoiceInner = new Inner(); break;
        }
        if (Coin(random)) m.When = new Timestamp { Seconds = random.NextInt64(-62135596800, 253402300799), Nanos = Nanos(random) };
        if (Coin(random))
        {
            var seconds = random.NextInt64(0, 315576000000);
            var nanos = Nanos(random);
            m.HowLong = Coin(random) ? new Duration { Seconds = seconds, Nanos = nanos } : new Duration { Seconds = -seconds, Nanos = -nanos };
        }
        if (Coin(random)) m.WrappedInt32 = Pick(random, [0, -3]);
        if (Coin(random)) m.WrappedInt64 = Pick(random, [0L, long.MinValue]);
        if (Coin(random)) m.WrappedUint32 = Pick(random, [0u, uint.MaxValue]);
        if (Coin(random)) m.WrappedUint64 = Pick(random, [0UL, ulong.MaxValue]);
        if (Coin(random)) m.WrappedFloat = Pick(random, [0f, 1.5f, float.NaN]);
        if (Coin(random)) m.WrappedDouble = Pick(random, [0d, 1e-7, double.PositiveInfinity]);
        if (Coin(random)) m.WrappedBool = Coin(random);
        if (Coin(random)) m.WrappedString = Pick(random, Strings);
        if (Coin(random)) m.WrappedBytes = Bytes(random);
        if (Coin(random)) m.Details = Struct(random, 0);
        if (Coin(random)) m.Anything = Value(random, 0);
        if (Coin(random)) m.List = new ListValue { Values = { Value(random, 1), Value(random, 1) } };
        if (Coin(random)) m.Mask = new FieldMask { Paths = { "a_string", "inner.child_label", "x" } };
        if (Coin(random)) m.Nothing = new Empty();
        if (Coin(random)) m.Timestamps.Add([new Timestamp(), new Timestamp { Seconds = 1, Nanos = 5_000 }]);
        return m;
    }

    private static Inner Inner(Random random, int depth)
    {
        var inner = new Inner { Label = Pick(random, Strings) };
        inner.Points.Add(Enumerable.Range(0, random.Next(0, 4)).Select(_ => random.Next(-1000, 1000)));
        if (depth < 3 && Coin(random))
        {
            inner.Child = Inner(random, depth + 1);
        }
        return inner;
    }

    private static Value Value(Random random, int depth) => random.Next(depth < 2 ? 6 : 4) switch
    {
        0 => Google.Protobuf.WellKnownTypes.Value.ForNull(),
        1 => Google.Protobuf.WellKnownTypes.Value.ForNumber(Pick(random, Doubles)),
        2 => Google.Protobuf.WellKnownTypes.Value.ForString(Pick(random, Strings)),
        3 => Google.Protobuf.WellKnownTypes.Value.ForBool(Coin(random)),
        4 => Google.Protobuf.WellKnownTypes.Value.ForStruct(Struct(random, depth + 1)),
        _ => Google.Protobuf.WellKnownTypes.Value.ForList(Value(random, depth + 1), Value(random, depth + 1)),
    };

    private static Struct Struct(Random random, int depth)
    {
        var result = new Struct();
        for (var i = 0; i < random.Next(0, 4); i++)
        {
            result.Fields["k" + i] = Value(random, depth + 1);
        }
        return result;
    }

    private static int Nanos(Random random) => random.Next(4) switch
    {
        0 => 0,
        1 => random.Next(1, 1000) * 1_000_000,
        2 => random.Next(1, 1_000_000) * 1_000,
        _ => random.Next(1, 1_000_000_000),
    };

    private static ByteString Bytes(Random random)
    {
        var bytes = new byte[random.Next(1, 40)];
        random.NextBytes(bytes);
        return ByteString.CopyFrom(bytes);
    }

    private static bool Coin(Random random) => random.Next(2) == 0;

    private static T Pick<T>(Random random, T[] values) => values[random.Next(values.Length)];
}
