namespace Gateway.Policies;

/// <summary>
/// Which bodies a policy must see whole. A host that can stream (<c>serve</c>) streams a body only when no policy of the
/// route needs it whole; the Lambda host buffers everything anyway.
/// </summary>
[Flags]
public enum BodyNeeds
{
    /// <summary>The policy reads headers, the path and the status only: both bodies may stream past it.</summary>
    None = 0,

    /// <summary>The policy reads or rewrites the request body (size checks, schema validation, body mapping).</summary>
    Request = 1,

    /// <summary>The policy reads or rewrites the response body (body mapping, caching).</summary>
    Response = 2,

    Both = Request | Response,
}
