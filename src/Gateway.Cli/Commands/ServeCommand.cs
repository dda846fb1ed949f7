using System.CommandLine;
using System.Net;
using Gateway.Authorization;
using Gateway.Authorization.Jwt;
using Gateway.Cli.Auth;
using Gateway.Composition;
using Gateway.Configuration;
using Gateway.Forwarding;
using Gateway.LocalHost;
using Gateway.LocalHost.Admin;
using Gateway.LocalHost.Demo;
using Gateway.LocalHost.Metrics;
using Gateway.Observability;
using Gateway.Observability.Logging;
using Gateway.Pipeline;
using Gateway.ProtoText;
using Gateway.State;
using Microsoft.Extensions.Logging;

namespace Gateway.Cli.Commands;

/// <summary>
/// <c>gatewayctl serve</c>: the gateway on Kestrel at 127.0.0.1. Without <c>--config</c> it serves the sample
/// configuration against a built-in demo upstream, so one command gives a working <c>curl</c>. Logs are the same
/// JSON lines the Lambda writes; metrics are on the admin port. Edits to the configuration file take effect without a
/// restart; an invalid edit is logged and the running configuration stays.
/// </summary>
internal static class ServeCommand
{
    public const string DemoUpstreamVariable = "DEMO_UPSTREAM_URL";
    public const string DemoGrpcVariable = "DEMO_GRPC_URL";

    // The admin port follows --port, so that two serves started with different --port values never collide on it;
    // 1010 keeps the long-standing pair 8080 / 9090. Port 0 (any free port) gives 0 (another free port).
    private const int AdminPortOffset = 1010;

    // How often the configuration file is checked for edits, and how long an edit must stay unchanged before it is
    // applied (an editor's save, or a copy, is well within it; a file still being written is not applied).
    private static readonly TimeSpan ReloadInterval = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan ReloadSettle = TimeSpan.FromSeconds(1);

    public static Command Create()
    {
        var config = new Option<FileInfo?>("--config") { Description = "The configuration file (default: GATEWAY_CONFIG, else the bundled sample with a demo upstream)" };
        var port = new Option<int>("--port") { Description = "The port to listen on, on 127.0.0.1", DefaultValueFactory = _ => 8080 };
        var adminPort = new Option<int?>("--admin-port")
        {
            Description = $"The admin port (/metrics, /healthz, /admin/state), on 127.0.0.1 (default: --port + {AdminPortOffset}, so 9090 beside 8080)",
        };
        var stage = new Option<string?>("--stage") { Description = "The stage whose variables requests see (one of the configuration's stages)" };
        var store = new Option<string>("--store")
        {
            Description = $"Where limits and breaker state live: memory (this process), or dynamodb ({EnvironmentVariables.DynamoDbEndpoint} if set, else a DynamoDB Local started for the session)",
            DefaultValueFactory = _ => "memory",
        };
        store.AcceptOnlyFromAmong("memory", "dynamodb");
        var dev = new Option<bool>("--dev")
        {
            Description = $"Check HS256 tokens with the public sample development secret when {EnvironmentVariables.JwtSecret} is not set (implied for the bundled sample configuration)",
        };
        var table = new Option<string?>("--table") { Description = $"With --store dynamodb: the table (default: {EnvironmentVariables.TableName}, else {TablesCommand.DefaultTableName})" };
        var command = new Command("serve", "Serve the gateway on 127.0.0.1") { config, port, adminPort, stage, store, table, dev };
        command.SetAction((parse, cancellation) => RunAsync(
            new ServeOptions(parse.GetValue(config), parse.GetValue(port), parse.GetValue(adminPort) ?? AdminPortFor(parse.GetValue(port)), parse.GetValue(stage), parse.GetValue(store) == "dynamodb", parse.GetValue(table), parse.GetValue(dev)),
            cancellation));
        return command;
    }

    private static async Task<int> RunAsync(ServeOptions options, CancellationToken cancellation)
    {
        // First, before the demo upstream, DynamoDB Local or the listeners open a socket.
        var inlineCompletions = InlineSocketCompletions.PreferInline();
        foreach (var (port, option) in new[] { (options.Port, "--port"), (options.AdminPort, "--admin-port") })
        {
            if (port is < 0 or > IPEndPoint.MaxPort)
            {
                Console.Error.WriteLine($"gatewayctl serve: {port} is not a port (0 to {IPEndPoint.MaxPort}; the admin port defaults to --port + {AdminPortOffset}); choose another with {option}");
                return 1;
            }
        }
        var useSample = LocalJwtSecret.IsBundledSample(options.ConfigFile, Environment.GetEnvironmentVariable);
        await using var demo = useSample ? await DemoUpstream.StartAsync().ConfigureAwait(false) : null;
        Func<string, string?> environment = demo is null
            ? Environment.GetEnvironmentVariable
            : name => name switch
            {
                DemoUpstreamVariable => demo.Address.ToString().TrimEnd('/'),
                DemoGrpcVariable => demo.GrpcAddress.ToString().TrimEnd('/'),
                _ => Environment.GetEnvironmentVariable(name),
            };

        var path = options.ConfigFile?.FullName ?? EnvironmentVariables.ResolveConfigPath(environment);
        var runtime = new GatewayRuntimeBuilder(HostProfile.Container);
        var reloader = new ConfigurationReloader(path, runtime.ConfigLoader(environment, new ProtoTextCompiler()), ReloadSettle, TimeProvider.System);
        var result = reloader.Load();
        if (result.Config is not { } config)
        {
            foreach (var problem in result.Problems)
            {
                Console.Error.WriteLine(problem);
            }
            return 1;
        }
        if (!TryResolveStage(config, options.Stage, out var stage))
        {
            Console.Error.WriteLine($"unknown stage \"{options.Stage}\" (the configuration has: {string.Join(", ", config.Stages.Keys)})");
            return 1;
        }

        var tls = ServeTls.Resolve(config.Settings.Tls, environment);
        if (tls.Problem is not null)
        {
            Console.Error.WriteLine(tls.Problem);
            return 1;
        }
        using var certificate = tls.Certificate;

        var execution = ExecutionEnvironment.FromEnvironment(environment, config.Settings.Name);
        // Written in batches rather than per line: one system call per line was a fixed cost on every request. Every
        // 25 ms, because at 30,000 requests a second (about 13 MB/s of access lines) a 100 ms batch passed the 1 MB at
        // which a request's own thread writes, and that request then waited on the write before its answer went out.
        using var output = LogOutput.Buffered(Console.OpenStandardOutput(), TimeSpan.FromMilliseconds(25));
        using var logging = new PowertoolsJsonLoggerProvider(execution, LogLevelSettings.FromEnvironment(environment), output, TimeProvider.System);
        using var loggerFactory = GatewayLogging.CreateFactory(logging);
        var metrics = new GatewayPrometheusMetrics();
        using var client = UpstreamHttpClient.Create();
        await using var state = options.UseDynamoDb ? await DynamoDbState.OpenAsync(config, TablesCommand.ResolveTableName(options.TableName), cancellation).ConfigureAwait(false) : null;
        // The state outlives reloads: a reloaded configuration keeps the counts, breaker states and keys so far.
        var backend = (IStateBackend?)state?.Backend ?? new InMemoryStateBackend(TimeProvider.System);
        var gateways = runtime.UseLogging(loggerFactory).UseTransport(client).UseState(_ => backend)
            .AddObservers(new AccessLogObserver(loggerFactory.CreateLogger<AccessLogObserver>()), metrics)
            .Build();
        var secret = LocalJwtSecret.Resolve(environment, useSample || options.Development);
        var jwtSecret = secret is null ? null : new FixedJwtSecret(secret);
        using var identityProvider = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };

        // No API Gateway here: the authorizer's checks run in-process, with the auth settings of the configuration
        // being served (a reload may change them), on the same key store as the limits.
        GatewayHandler Build(GatewayConfig served) => gateways.Build(served,
            new InProcessAuthenticator(GatewayAuthentication.Create(served.Auth, jwtSecret, backend.ApiKeys, identityProvider, TimeProvider.System)));
        await using var host = await ListenAsync(() => LocalGatewayHost.StartAsync(Build(config), options.Port, stage, logging, certificate), options.Port, "--port").ConfigureAwait(false);
        if (host is null)
        {
            return 1;
        }
        await using var admin = await ListenAsync(() => AdminServer.StartAsync(options.AdminPort, () => host.Gateway, metrics), options.AdminPort, "--admin-port").ConfigureAwait(false);
        if (admin is null)
        {
            return 1;
        }

        PrintBanner(config, host.Address, admin.Address, demo?.Address, inlineCompletions);
        Console.WriteLine(state is null ? "state: in memory (this process only)" : $"state: DynamoDB table {state.TableName} at {state.Endpoint}");
        PrintAuth(config, secret, useSample ? string.Empty : $" --config {config.SourceFile}", state);
        Console.WriteLine();
        using var stopping = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        var watching = reloader.WatchAsync(host, Build,
            loggerFactory.CreateLogger<ConfigurationReloader>(), ReloadInterval, stopping.Token);
        try
        {
            await host.WaitForShutdownAsync(cancellation).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
        await stopping.CancelAsync().ConfigureAwait(false);
        await watching.ConfigureAwait(false);
        return 0;
    }

    private static int AdminPortFor(int port) => port == 0 ? 0 : port + AdminPortOffset;

    /// <summary>Starts a listener; null, with one line on stderr, when its port cannot be bound (taken, or not ours to use).</summary>
    private static async Task<T?> ListenAsync<T>(Func<Task<T>> start, int port, string option) where T : class
    {
        try
        {
            return await start().ConfigureAwait(false);
        }
        catch (IOException exception)
        {
            var reason = exception.InnerException is System.Net.Sockets.SocketException { SocketErrorCode: System.Net.Sockets.SocketError.AddressAlreadyInUse }
                or Microsoft.AspNetCore.Connections.AddressInUseException
                ? "the port is already in use (another serve?)"
                : exception.Message;
            Console.Error.WriteLine($"gatewayctl serve: cannot listen on 127.0.0.1:{port}: {reason}; choose another with {option}");
            return null;
        }
    }

    private static bool TryResolveStage(GatewayConfig config, string? name, out StageContext stage)
    {
        stage = StageContext.Default;
        if (name is null)
        {
            return true;
        }
        if (!config.Stages.TryGetValue(name, out var configured))
        {
            return false;
        }
        stage = new StageContext(name, configured.Variables.ToDictionary(v => v.Key, v => v.Value, StringComparer.Ordinal));
        return true;
    }

    private static void PrintBanner(GatewayConfig config, Uri address, Uri admin, Uri? demo, bool inlineCompletions)
    {
        var baseUrl = address.ToString().TrimEnd('/');
        Console.WriteLine($"{config.Settings.Name} listening on {baseUrl} ({config.SourceFile})");
        Console.WriteLine($"admin on {admin.ToString().TrimEnd('/')}: /metrics, /healthz, /admin/state");
        if (demo is not null)
        {
            Console.WriteLine($"demo upstream on {demo.ToString().TrimEnd('/')}");
        }
        Console.WriteLine(inlineCompletions
            ? $"socket completions run inline ({InlineSocketCompletions.Variable}=0 queues them to the thread pool)"
            : "socket completions are queued to the thread pool");
        Console.WriteLine();
        Console.WriteLine("routes:");
        foreach (var route in config.Routes)
        {
            var methods = route.Methods is null ? "ANY" : string.Join(',', route.Methods);
            var auth = route.Auth.Requirement == AuthRequirement.None ? "public" : $"auth: {route.Auth.Requirement}";
            Console.WriteLine($"  {methods,-12} {route.Path.Text,-28} -> {route.Service ?? (route.Split is null ? "(composed)" : "(split)"),-12} ({route.Name}, {auth})");
        }
        var example = config.Routes.FirstOrDefault(r => r.Path.ParameterCount == 0 && r.AllowsMethod("GET") && r.Auth.Requirement == AuthRequirement.None)
            ?? config.Routes[0];
        Console.WriteLine();
        Console.WriteLine("try:");
        Console.WriteLine($"  curl -i {baseUrl}{SamplePath(example)}");
        if (config.Routes.FirstOrDefault(r => r.Grpc is not null && r.AllowsMethod("GET") && r.Auth.Requirement == AuthRequirement.None) is { } grpc)
        {
            Console.WriteLine($"  curl -i {baseUrl}{SamplePath(grpc)}        # REST -> gRPC ({grpc.Grpc!.Path.TrimStart('/')})");
        }
        Console.WriteLine();
    }

    /// <param name="secret">The HS256 secret; null when none applies.</param>
    /// <param name="mintConfig">What token mint needs to be told of the configuration: nothing for the bundled sample.</param>
    private static void PrintAuth(GatewayConfig config, string? secret, string mintConfig, DynamoDbState? state)
    {
        if (config.Auth.Jwt is { AllowsSharedSecret: true })
        {
            Console.WriteLine(secret switch
            {
                null => $"bearer tokens: every HS256 token is refused: {LocalJwtSecret.MissingReason}",
                LocalJwtSecret.Development =>
                    $"bearer tokens: HS256 with the sample development secret; mint one with: gatewayctl token mint{mintConfig}{(mintConfig.Length > 0 ? " --dev" : string.Empty)} --sub me --scope \"a b\"",
                _ => $"bearer tokens: HS256 with {EnvironmentVariables.JwtSecret}; mint one with: gatewayctl token mint{mintConfig} --sub me --scope \"a b\"",
            });
        }
        Console.WriteLine(state is null
            ? "API keys: none (keys live in DynamoDB: serve --store dynamodb, then gatewayctl keys issue)"
            : $"API keys: gatewayctl keys issue --endpoint {state.Endpoint} --table {state.TableName} --tenant acme --plan free");
    }

    private static string SamplePath(RouteConfig route) =>
        "/" + string.Join('/', route.Path.Segments.Select(s => s.Kind == Routing.SegmentKind.Literal ? s.Value : "example"));

    private sealed record ServeOptions(FileInfo? ConfigFile, int Port, int AdminPort, string? Stage, bool UseDynamoDb, string? TableName, bool Development);
}
