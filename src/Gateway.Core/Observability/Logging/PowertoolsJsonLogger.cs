using System.Buffers;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace Gateway.Observability.Logging;

/// <summary>
/// Writes Microsoft.Extensions.Logging events as one JSON line each, with the keys Powertools for AWS Lambda uses
/// (level, message, timestamp, service, cold_start, function_*, xray_trace_id, correlation_id), so CloudWatch Logs
/// Insights queries written for Powertools work unchanged. Structured values become snake_case keys.
/// Exceptions are written as type and message; a stack trace only at Critical, which is reserved for bugs.
/// </summary>
public sealed class PowertoolsJsonLoggerProvider(ExecutionEnvironment environment, LogLevelSettings levels, LogOutput output, TimeProvider time)
    : ILoggerProvider
{
    public ILogger CreateLogger(string categoryName) => new PowertoolsJsonLogger(categoryName, this);

    public void Dispose()
    {
    }

    private sealed class PowertoolsJsonLogger(string category, PowertoolsJsonLoggerProvider provider) : ILogger
    {
        private const string OriginalFormat = "{OriginalFormat}";
        private const string CorrelationIdProperty = "CorrelationId";

        // Log calls are synchronous, so a per-thread buffer and writer serve every line without allocating.
        [ThreadStatic]
        private static ArrayBufferWriter<byte>? t_buffer;

        [ThreadStatic]
        private static Utf8JsonWriter? t_writer;

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => provider.IsEnabled(logLevel);

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel))
            {
                return;
            }
            var buffer = t_buffer ??= new ArrayBufferWriter<byte>(1024);
            buffer.ResetWrittenCount();
            var json = t_writer ??= new Utf8JsonWriter(buffer, new JsonWriterOptions { SkipValidation = true });
            json.Reset(buffer);

            json.WriteStartObject();
            json.WriteString(Keys.Level, LevelName(logLevel));
            if (typeof(TState) == typeof(AccessLogEntry))
            {
                // Specialised per TState by the JIT: the struct is read in place, never boxed.
                WriteAccessLog(json, Unsafe.As<TState, AccessLogEntry>(ref Unsafe.AsRef(in state)));
            }
            else
            {
                json.WriteString(Keys.Message, formatter(state, exception));
                WriteCommonKeys(json, CorrelationIdOf(state));
                WriteProperties(json, state);
            }
            if (exception is not null)
            {
                WriteException(json, exception, logLevel == LogLevel.Critical);
            }
            json.WriteEndObject();
            json.Flush();
            provider.Output.WriteLine(buffer);
        }

        private void WriteAccessLog(Utf8JsonWriter json, in AccessLogEntry entry)
        {
            json.WriteString(Keys.Message, AccessLogEntry.Message);
            WriteCommonKeys(json, entry.CorrelationId, entry.XrayTraceId);
            json.WriteString(Keys.Method, entry.Method);
            json.WriteString(Keys.Path, entry.Path);
            json.WriteNumber(Keys.Status, entry.Status);
            WriteMilliseconds(json, Keys.ResponseTimeMs, entry.ResponseTimeMs);
            if (entry.UpstreamTimeMs is { } upstream)
            {
                WriteMilliseconds(json, Keys.UpstreamTimeMs, upstream);
            }
            WriteOptional(json, Keys.Route, entry.Route);
            WriteOptional(json, Keys.UpstreamService, entry.UpstreamService);
            WriteOptional(json, Keys.Tenant, entry.Tenant);
            json.WriteBoolean(Keys.RateLimited, entry.RateLimited);
            // By index: a foreach over the IReadOnlyList would allocate an enumerator for every line.
            var tags = entry.Tags;
            for (var i = 0; i < tags.Count; i++)
            {
                json.WriteString(tags[i].Key.EncodedName, tags[i].Value);
            }
            WriteOptional(json, Keys.ErrorCode, entry.ErrorCode);
        }

        private void WriteCommonKeys(Utf8JsonWriter json, string? correlationId, string? requestTraceId = null)
        {
            var environment = provider.Environment;
            json.WriteString(Keys.Timestamp, provider.Time.GetUtcNow().UtcDateTime);
            json.WriteString(Keys.Service, environment.ServiceName);
            json.WriteBoolean(Keys.ColdStart, environment.ColdStart);
            if (environment.FunctionName is not null)
            {
                json.WriteString(Keys.FunctionName, environment.FunctionName);
                WriteOptional(json, Keys.FunctionVersion, environment.FunctionVersion);
                WriteOptional(json, Keys.FunctionMemorySize, environment.FunctionMemorySize);
                WriteOptional(json, Keys.FunctionArn, environment.FunctionArn);
                WriteOptional(json, Keys.FunctionRequestId, environment.InvocationId);
            }
            WriteOptional(json, Keys.XrayTraceId, environment.XrayTraceId ?? requestTraceId);
            WriteOptional(json, Keys.CorrelationId, correlationId);
            json.WriteString(Keys.Name, category);
        }

        private static string? CorrelationIdOf<TState>(TState state)
        {
            if (state is IReadOnlyList<KeyValuePair<string, object?>> properties)
            {
                foreach (var (key, value) in properties)
                {
                    if (key == CorrelationIdProperty)
                    {
                        return value?.ToString();
                    }
                }
            }
            return null;
        }

        private static void WriteProperties<TState>(Utf8JsonWriter json, TState state)
        {
            if (state is not IReadOnlyList<KeyValuePair<string, object?>> properties)
            {
                return;
            }
            foreach (var (key, value) in properties)
            {
                if (key is OriginalFormat or CorrelationIdProperty)
                {
                    continue;
                }
                var name = JsonNamingPolicy.SnakeCaseLower.ConvertName(key);
                switch (value)
                {
                    case null:
                        json.WriteNull(name);
                        break;
                    case bool flag:
                        json.WriteBoolean(name, flag);
                        break;
                    case int or long or short or byte:
                        json.WriteNumber(name, Convert.ToInt64(value, CultureInfo.InvariantCulture));
                        break;
                    case double or float or decimal:
                        json.WriteNumber(name, Convert.ToDouble(value, CultureInfo.InvariantCulture));
                        break;
                    default:
                        json.WriteString(name, Convert.ToString(value, CultureInfo.InvariantCulture));
                        break;
                }
            }
        }

        private static void WriteException(Utf8JsonWriter json, Exception exception, bool withStackTrace)
        {
            json.WriteStartObject(Keys.Exception);
            json.WriteString(Keys.Type, exception.GetType().FullName);
            json.WriteString(Keys.Message, exception.Message);
            if (withStackTrace && exception.StackTrace is { } stackTrace)
            {
                json.WriteString(Keys.StackTrace, stackTrace);
            }
            json.WriteEndObject();
        }

        private static void WriteOptional(Utf8JsonWriter json, JsonEncodedText name, string? value)
        {
            if (value is not null)
            {
                json.WriteString(name, value);
            }
        }

        private static void WriteOptional(Utf8JsonWriter json, JsonEncodedText name, double? value)
        {
            if (value is { } number)
            {
                json.WriteNumber(name, number);
            }
        }

        /// <summary>
        /// A duration to the microsecond, as the shortest decimal ("12", "0.5", "0.067"). Written from whole
        /// microseconds: formatting the rounded double was a fifth of the access line's cost.
        /// </summary>
        private static void WriteMilliseconds(Utf8JsonWriter json, JsonEncodedText name, double milliseconds)
        {
            var micros = Math.Max(0, (long)Math.Round(milliseconds * 1000, MidpointRounding.AwayFromZero));
            Span<byte> text = stackalloc byte[24];
            System.Buffers.Text.Utf8Formatter.TryFormat(micros / 1000, text, out var length);
            var fraction = (int)(micros % 1000);
            if (fraction != 0)
            {
                text[length++] = (byte)'.';
                for (var divisor = 100; fraction != 0; divisor /= 10)
                {
                    text[length++] = (byte)('0' + fraction / divisor);
                    fraction %= divisor;
                }
            }
            json.WritePropertyName(name);
            json.WriteRawValue(text[..length], skipInputValidation: true);
        }

        // The names Lambda's JSON log format knows (ApplicationLogLevel): it reads any other name as INFO, so a
        // "Warning" line would be dropped by a function configured for WARN.
        private static string LevelName(LogLevel level) => level switch
        {
            LogLevel.Trace => "TRACE",
            LogLevel.Debug => "DEBUG",
            LogLevel.Information => "INFO",
            LogLevel.Warning => "WARN",
            LogLevel.Error => "ERROR",
            _ => "FATAL",
        };
    }

    /// <summary>Property names, encoded once.</summary>
    private static class Keys
    {
        public static readonly JsonEncodedText Level = JsonEncodedText.Encode("level");
        public static readonly JsonEncodedText Message = JsonEncodedText.Encode("message");
        public static readonly JsonEncodedText Timestamp = JsonEncodedText.Encode("timestamp");
        public static readonly JsonEncodedText Service = JsonEncodedText.Encode("service");
        public static readonly JsonEncodedText ColdStart = JsonEncodedText.Encode("cold_start");
        public static readonly JsonEncodedText FunctionName = JsonEncodedText.Encode("function_name");
        public static readonly JsonEncodedText FunctionVersion = JsonEncodedText.Encode("function_version");
        public static readonly JsonEncodedText FunctionMemorySize = JsonEncodedText.Encode("function_memory_size");
        public static readonly JsonEncodedText FunctionArn = JsonEncodedText.Encode("function_arn");
        public static readonly JsonEncodedText FunctionRequestId = JsonEncodedText.Encode("function_request_id");
        public static readonly JsonEncodedText XrayTraceId = JsonEncodedText.Encode("xray_trace_id");
        public static readonly JsonEncodedText CorrelationId = JsonEncodedText.Encode("correlation_id");
        public static readonly JsonEncodedText Name = JsonEncodedText.Encode("name");
        public static readonly JsonEncodedText Method = JsonEncodedText.Encode("method");
        public static readonly JsonEncodedText Path = JsonEncodedText.Encode("path");
        public static readonly JsonEncodedText Status = JsonEncodedText.Encode("status");
        public static readonly JsonEncodedText ResponseTimeMs = JsonEncodedText.Encode("response_time_ms");
        public static readonly JsonEncodedText UpstreamTimeMs = JsonEncodedText.Encode("upstream_time_ms");
        public static readonly JsonEncodedText Route = JsonEncodedText.Encode("route");
        public static readonly JsonEncodedText UpstreamService = JsonEncodedText.Encode("upstream_service");
        public static readonly JsonEncodedText Tenant = JsonEncodedText.Encode("tenant");
        public static readonly JsonEncodedText RateLimited = JsonEncodedText.Encode("rate_limited");
        public static readonly JsonEncodedText ErrorCode = JsonEncodedText.Encode("error_code");
        public static readonly JsonEncodedText Exception = JsonEncodedText.Encode("exception");
        public static readonly JsonEncodedText Type = JsonEncodedText.Encode("type");
        public static readonly JsonEncodedText StackTrace = JsonEncodedText.Encode("stack_trace");
    }

    internal ExecutionEnvironment Environment => environment;

    internal LogOutput Output => output;

    internal TimeProvider Time => time;

    internal bool IsEnabled(LogLevel level) => levels.IsEnabled(level);
}
