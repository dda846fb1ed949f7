using System.Text.Json.Serialization;
using Gateway.Pipeline;

namespace Gateway.Json;

/// <summary>Source-generated JSON metadata for what the core writes: no reflection at run time.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(ErrorEnvelope))]
public sealed partial class GatewayJsonContext : JsonSerializerContext;
