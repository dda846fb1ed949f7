namespace Gateway.LocalHost;

/// <summary>
/// How <c>serve</c> runs the continuations of its sockets: on the threads that wait for socket events (.NET's "inline
/// completions") rather than queued to the thread pool. A proxy's request is a chain of short non-blocking steps
/// between two sockets; dispatching each socket event through the pool cost serve about a sixth of its CPU per request
/// in context switches, and its throughput against a bare YARP proxy (tests/perf/nginx-comparison.sh; README,
/// "Performance"). The price is a rule: nothing on the request path may block a thread (no synchronous I/O, no waiting
/// on a task), because a blocked event thread stalls every connection it serves. The gateway's own code keeps it; a
/// team whose own policy must block turns this off with <see cref="Variable"/>=0.
/// </summary>
public static class InlineSocketCompletions
{
    /// <summary>The runtime's switch; it reads it once, when the process's first socket starts waiting.</summary>
    public const string Variable = "DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS";

    /// <summary>
    /// Turns inline completions on unless the environment already chose; returns whether they are on. Must run before
    /// the process opens its first socket, or the runtime has already read the switch.
    /// </summary>
    public static bool PreferInline()
    {
        if (Environment.GetEnvironmentVariable(Variable) is not { } chosen)
        {
            Environment.SetEnvironmentVariable(Variable, "1");
            return true;
        }
        return chosen == "1";
    }
}
