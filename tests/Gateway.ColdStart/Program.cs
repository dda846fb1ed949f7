using System.Text.Json;
using Gateway.Lambda;

// One invocation in a fresh process: what a Lambda cold start costs the code we ship (runtime start, loading and
// compiling our assemblies, reading the bundled configuration, building the pipeline, the first forwarded request).
// Usage: Gateway.ColdStart <event.json>; DEMO_UPSTREAM_URL points the sample configuration at the upstream.
if (args.Length != 1)
{
    Console.Error.WriteLine("usage: Gateway.ColdStart <event.json>");
    return 2;
}

var function = new ProxyFunction();
await using var input = File.OpenRead(args[0]);
await using var output = await function.HandleAsync(input);
using var response = await JsonDocument.ParseAsync(output);
var status = response.RootElement.GetProperty("statusCode").GetInt32();
Console.WriteLine(status);
// What ReadyToRun left to the JIT: measure.sh prints it once per build.
Console.Error.WriteLine($"JIT: {System.Runtime.JitInfo.GetCompiledMethodCount()} methods, {System.Runtime.JitInfo.GetCompilationTime().TotalMilliseconds:F0} ms");
return status == 200 ? 0 : 1;
