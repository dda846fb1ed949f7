namespace Gateway.Grpc.Transcoding;

/// <summary>The google.protobuf types whose JSON form is not an object of their fields (the ProtoJSON "special" types).</summary>
internal enum WellKnownType
{
    None,
    Timestamp,
    Duration,

    /// <summary>DoubleValue, Int64Value, …: JSON is the wrapped value itself.</summary>
    Wrapper,
    Struct,
    Value,
    ListValue,
    FieldMask,

    /// <summary>Needs a type registry to resolve its type URL; refused.</summary>
    Any,
}

internal static class WellKnownTypes
{
    public static WellKnownType Classify(string fullName) => fullName switch
    {
        "google.protobuf.Timestamp" => WellKnownType.Timestamp,
        "google.protobuf.Duration" => WellKnownType.Duration,
        "google.protobuf.DoubleValue" or "google.protobuf.FloatValue" or "google.protobuf.Int64Value" or
            "google.protobuf.UInt64Value" or "google.protobuf.Int32Value" or "google.protobuf.UInt32Value" or
            "google.protobuf.BoolValue" or "google.protobuf.StringValue" or "google.protobuf.BytesValue" => WellKnownType.Wrapper,
        "google.protobuf.Struct" => WellKnownType.Struct,
        "google.protobuf.Value" => WellKnownType.Value,
        "google.protobuf.ListValue" => WellKnownType.ListValue,
        "google.protobuf.FieldMask" => WellKnownType.FieldMask,
        "google.protobuf.Any" => WellKnownType.Any,
        _ => WellKnownType.None,
    };

    public const string NullValueEnum = "google.protobuf.NullValue";
}
