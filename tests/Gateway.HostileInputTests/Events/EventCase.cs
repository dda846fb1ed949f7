using Gateway.HostileInputTests.Corpus;

namespace Gateway.HostileInputTests.Events;

/// <summary>One event's bytes, handed to the proxy Lambda as the runtime would, and what it must get.</summary>
public sealed record EventCase(string Id, byte[] Event, Expect Expected) : IHostileCase;

/// <summary>A family of event cases, run against the proxy Lambda.</summary>
public interface IEventFamily : ICaseFamily<EventCase>;
