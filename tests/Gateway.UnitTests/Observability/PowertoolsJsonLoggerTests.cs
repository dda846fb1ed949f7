using System.Text.Json;
using Gateway.Observability;
using Gateway.Observability.Logging;
using Gateway.Testing;
using Microsoft.Extensions.Logging;

namespace Gateway.UnitTests.Observability;

public sealed partial class PowertoolsJsonLoggerTests
{
    private static (ILogger Logger, LogCapture Logs, ExecutionEnvironment Environment, LogLevelSettings Levels) Create(
        Dictionary<string, string>? variables = null, LogLevel minimum = LogLevel.Information, double sampleRate = 0)
    {
        var environment = ExecutionEnvironment.FromEnvironment(name => variables?.GetValueOrDefault(name), "fallback-service");
        var levels = new LogLevelSettings(minimum, sampleRate);
        var logs = new LogCapture();
        var factory = GatewayLogging.CreateFactory(environment, levels, logs.Output, TimeProvider.System);
        return (factory.CreateLogger("Gateway.Test"), logs, environment, levels);
    }

    [Fact]
    public void Writes_one_json_line_with_powertools_keys()
    {
        var (logger, logs, environment, _) = Create(new()
        {
            ["POWERTOOLS_SERVICE_NAME"] = "orders-gateway",
            ["AWS_LAMBDA_FUNCTION_NAME"] = "ProxyFunction",
            ["AWS_LAMBDA_FUNCTION_MEMORY_SIZE"] = "512",
            ["AWS_LAMBDA_FUNCTION_VERSION"] = "$LATEST",
        });
        environment.BeginInvocation("req-1", "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1", "arn:aws:lambda:eu-west-1:123456789012:function:ProxyFunction");

        LogOrderShipped(logger, "o-42", 3, "corr-9");

        var line = Assert.Single(logs.Documents);
        Assert.Equal("INFO", line.GetProperty("level").GetString());
        Assert.Equal("Order o-42 shipped with 3 items (request corr-9)", line.GetProperty("message").GetString());
        Assert.True(DateTimeOffset.TryParse(line.GetProperty("timestamp").GetString(), out var timestamp));
        Assert.Equal(TimeSpan.Zero, timestamp.Offset);
        Assert.EndsWith("Z", line.GetProperty("timestamp").GetString(), StringComparison.Ordinal);
        Assert.Equal("orders-gateway", line.GetProperty("service").GetString());
        Assert.True(line.GetProperty("cold_start").GetBoolean());
        Assert.Equal("ProxyFunction", line.GetProperty("function_name").GetString());
        Assert.Equal(512, line.GetProperty("function_memory_size").GetInt32());
        Assert.Equal("$LATEST", line.GetProperty("function_version").GetString());
        Assert.Equal("arn:aws:lambda:eu-west-1:123456789012:function:ProxyFunction", line.GetProperty("function_arn").GetString());
        Assert.Equal("req-1", line.GetProperty("function_request_id").GetString());
        Assert.Equal("1-5759e988-bd862e3fe1be46a994272793", line.GetProperty("xray_trace_id").GetString());
        Assert.Equal("corr-9", line.GetProperty("correlation_id").GetString());
        Assert.Equal("o-42", line.GetProperty("order_id").GetString());
        Assert.Equal(3, line.GetProperty("item_count").GetInt32());
        Assert.False(line.TryGetProperty("{OriginalFormat}", out _));
    }

    [Fact]
    public void Cold_start_is_true_only_for_the_first_invocation()
    {
        var (logger, logs, environment, _) = Create(new() { ["AWS_LAMBDA_FUNCTION_NAME"] = "f" });

        environment.BeginInvocation("a", null);
        logger.LogInformation("first");
        environment.BeginInvocation("b", null);
        logger.LogInformation("second");

        Assert.Equal([true, false], logs.Documents.Select(d => d.GetProperty("cold_start").GetBoolean()));
    }

    [Fact]
    public void Outside_lambda_there_are_no_function_keys_and_the_service_falls_back()
    {
        var (logger, logs, _, _) = Create();

        logger.LogWarning("careful");

        var line = Assert.Single(logs.Documents);
        Assert.Equal("fallback-service", line.GetProperty("service").GetString());
        Assert.Equal("WARN", line.GetProperty("level").GetString());
        Assert.False(line.TryGetProperty("function_name", out _));
    }

    [Fact]
    public void Expected_failures_carry_type_and_message_but_no_stack_trace()
    {
        var (logger, logs, _, _) = Create();
        var failure = Throw(new TimeoutException("the store did not answer within 50 ms"));

        logger.LogError(failure, "store call failed");
        logger.LogCritical(failure, "bug");

        var (error, critical) = (logs.Documents[0].GetProperty("exception"), logs.Documents[1].GetProperty("exception"));
        Assert.Equal("System.TimeoutException", error.GetProperty("type").GetString());
        Assert.Equal("the store did not answer within 50 ms", error.GetProperty("message").GetString());
        Assert.False(error.TryGetProperty("stack_trace", out _));
        Assert.Contains(nameof(Throw), critical.GetProperty("stack_trace").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Levels_below_the_minimum_are_not_written()
    {
        var (logger, logs, _, _) = Create(minimum: LogLevel.Warning);

        logger.LogInformation("hidden");
        logger.LogDebug("hidden");
        logger.LogError("shown");

        Assert.Equal(["shown"], logs.Documents.Select(d => d.GetProperty("message").GetString()));
    }

    [Fact]
    public void A_sampled_invocation_logs_debug_and_an_unsampled_one_does_not()
    {
        var (sampledLogger, sampledLogs, _, sampledLevels) = Create(sampleRate: 1);
        var (plainLogger, plainLogs, _, plainLevels) = Create(sampleRate: 0);

        sampledLevels.BeginInvocation();
        plainLevels.BeginInvocation();
        sampledLogger.LogDebug("detail");
        plainLogger.LogDebug("detail");

        Assert.Single(sampledLogs.Lines);
        Assert.Empty(plainLogs.Lines);
    }

    [Theory]
    [InlineData(null, "DEBUG", LogLevel.Debug)]
    [InlineData(null, "Warning", LogLevel.Warning)]
    [InlineData("ERROR", "Debug", LogLevel.Error)]
    [InlineData(null, null, LogLevel.Information)]
    [InlineData(null, "nonsense", LogLevel.Information)]
    public void The_level_comes_from_lambda_advanced_logging_controls_then_powertools(string? lambdaLevel, string? powertoolsLevel, LogLevel expected)
    {
        var settings = LogLevelSettings.FromEnvironment(name => name switch
        {
            "AWS_LAMBDA_LOG_LEVEL" => lambdaLevel,
            "POWERTOOLS_LOG_LEVEL" => powertoolsLevel,
            _ => null,
        });

        Assert.Equal(expected, settings.Minimum);
    }

    [Fact]
    public void Raising_Lambdas_level_to_WARN_drops_info_lines_and_keeps_warnings_and_errors_under_Lambdas_level_names()
    {
        var levels = LogLevelSettings.FromEnvironment(name => name == "AWS_LAMBDA_LOG_LEVEL" ? "WARN" : null);
        var (logger, logs, _, _) = Create(minimum: levels.Minimum);

        logger.LogDebug("debug");
        logger.LogInformation("info");
        logger.LogWarning("warning");
        logger.LogError("error");
        logger.LogCritical("critical");

        Assert.Equal(
            [("warning", "WARN"), ("error", "ERROR"), ("critical", "FATAL")],
            logs.Documents.Select(d => (d.GetProperty("message").GetString(), d.GetProperty("level").GetString())));
    }

    [Fact]
    public void Concurrent_lines_never_interleave()
    {
        var (logger, logs, _, _) = Create();

        Parallel.For(0, 2000, i => logger.LogInformation("line {Index} {Padding}", i, new string('x', i % 300)));

        Assert.Equal(2000, logs.Documents.Count);
        Assert.Equal(Enumerable.Range(0, 2000), logs.Documents.Select(d => d.GetProperty("index").GetInt32()).Order());
    }

    [Theory]
    [InlineData(0.0671, "0.067")]
    [InlineData(12.0, "12")]
    [InlineData(0.5, "0.5")]
    [InlineData(0.05, "0.05")]
    [InlineData(1.0005, "1.001")]
    [InlineData(0.0004, "0")]
    [InlineData(86_400_000.25, "86400000.25")]
    public void Access_line_durations_are_the_shortest_decimal_to_the_microsecond(double milliseconds, string written)
    {
        var (logger, logs, _, _) = Create();
        var entry = new AccessLogEntry("GET", "/a", 200, milliseconds, milliseconds, "r", "s", null, false, [], null, "id", null);

        logger.Log(LogLevel.Information, AccessLogEntry.EventId, entry, null, AccessLogEntry.Format);

        // As written, not as parsed: "12.000" or "6.7E-2" would parse to the same number.
        Assert.Contains($"\"response_time_ms\":{written},\"upstream_time_ms\":{written},", logs.Text, StringComparison.Ordinal);
        Assert.Equal(double.Parse(written, System.Globalization.CultureInfo.InvariantCulture), Assert.Single(logs.Documents).GetProperty("response_time_ms").GetDouble());
    }

    private static Exception Throw(Exception exception)
    {
        try
        {
            throw exception;
        }
        catch (Exception caught)
        {
            return caught;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Order {OrderId} shipped with {ItemCount} items (request {CorrelationId})")]
    private static partial void LogOrderShipped(ILogger logger, string orderId, int itemCount, string correlationId);
}
