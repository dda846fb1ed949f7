namespace Gateway.Grpc.Transcoding;

/// <summary>
/// A JSON request that does not fit the method's request message: an unknown field, a value of the wrong type.
/// <see cref="Field"/> grows as the exception leaves nested messages, so the hot path builds no field paths.
/// </summary>
public sealed class TranscodingException(string field, string problem) : Exception(problem)
{
    /// <summary>The offending field's JSON path, <c>user.tags[2]</c>; empty for the body itself.</summary>
    public string Field { get; private set; } = field;

    public string Problem { get; } = problem;

    /// <summary>What the client is told: the field and what was wrong with it.</summary>
    public string Describe() => Field.Length == 0 ? Problem : $"field \"{Field}\": {Problem}";

    internal TranscodingException Within(string parent)
    {
        Field = Field.Length == 0 ? parent : Field.StartsWith('[') ? parent + Field : parent + "." + Field;
        return this;
    }
}
