using Gateway.HostileInputTests.Corpus;

namespace Gateway.HostileInputTests.Configuration;

/// <summary>
/// One configuration file's text and what it must come to: loaded, rejected, or (for a fuzzed file, usually) either,
/// as long as it is one of the two.
/// </summary>
public sealed record ConfigCase(string Id, string Yaml, bool? MustLoad = null) : IHostileCase;

/// <summary>A family of configuration cases, run through the loader and, for a sample, through gatewayctl.</summary>
public interface IConfigFamily : ICaseFamily<ConfigCase>;
