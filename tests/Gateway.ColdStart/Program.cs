using System.Text.Json;
using Gateway.Lambda;
using Gateway.Observability.Logging;

// One invocation in a fresh process: what a Lambda cold start costs the code we ship (runtime start, loading and
// compiling our assemblies, reading the bundled configuration, building the function, the first answer).
// Usage: Gateway.ColdStart <ProxyFunction|AuthorizerFunction> <event.json>; DEMO_UPSTREAM_URL points the sample
// configuration at the upstream, GATEWAY_JWT_SECRET is the key the authorizer event's token is signed with.
if (args.Length != 2 || LambdaEntryPoints.Create(args[0], Environment.GetEnvironmentVariable, LogOutput.StandardOutput) is not { } function)
{
    Console.Error.WriteLine($"usage: Gateway.ColdStart <{string.Join('|', LambdaEntryPoints.FunctionNames)}> <event.json>");
    return 2;
}

await using var input = File.OpenRead(args[1]);
await using var output = await function(input);
using var response = await JsonDocument.ParseAsync(output);
// The proxy must have forwarded (200), the authorizer must have verified the token (isAuthorized).
var answered = response.RootElement.TryGetProperty("statusCode", out var status)
    ? status.GetInt32() == 200
    : response.RootElement.GetProperty("isAuthorized").GetBoolean();
Console.WriteLine(response.RootElement.GetRawText());
// What ReadyToRun left to the JIT: measure.sh prints it once per build.
Console.Error.WriteLine($"JIT: {System.Runtime.JitInfo.GetCompiledMethodCount()} methods, {System.Runtime.JitInfo.GetCompilationTime().TotalMilliseconds:F0} ms");
return answered ? 0 : 1;
