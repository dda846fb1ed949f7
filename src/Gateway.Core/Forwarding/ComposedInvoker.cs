using System.Buffers;
using System.Text.Json;
using Gateway.Canonicalization;
using Gateway.Configuration;
using Gateway.Http;
using Gateway.Pipeline;
using Gateway.Routing;

namespace Gateway.Forwarding;

/// <summary>
/// The end of a composed route's pipeline (backend-for-frontend): calls every part at once, each a GET within its
/// own timeout carrying the client's headers (identity headers included), and merges their JSON answers into one
/// object, each under its part's name. A part fails when it cannot be reached in time or answers with anything
/// but 2xx JSON; a part marked <c>onFailure: fail</c> then fails the request, and one marked <c>omit</c> is left
/// out and reported under <c>"_errors"</c>.
/// </summary>
public sealed class ComposedInvoker
{
    private readonly (CompositionPart Part, UpstreamInvoker Invoker)[] _parts;
    private readonly string _services;

    /// <param name="invokerFor">Builds the invoker of one part: its service's breakers, retries and budget are the gateway's.</param>
    public ComposedInvoker(CompositionConfig composition, IReadOnlyDictionary<string, ServiceConfig> services, Func<ServiceConfig, UpstreamTimeouts, UpstreamInvoker> invokerFor)
    {
        _parts = composition.Parts
            .Select(part => (part, invokerFor(services[part.Service], part.Timeouts)))
            .ToArray();
        _services = composition.ServiceNames;
    }

    public async ValueTask<GatewayResponse> InvokeAsync(GatewayContext context)
    {
        context.Telemetry.UpstreamService = _services;
        // Every part's request first: a refused one must not leave the others' calls running.
        var requests = new GatewayRequest[_parts.Length];
        for (var i = 0; i < _parts.Length; i++)
        {
            if (PartRequest(context, _parts[i].Part) is not { } request)
            {
                return GatewayErrors.Create(context, 400, ErrorCodes.InvalidPath,
                    $"the path of part \"{_parts[i].Part.Name}\" built from this request is refused");
            }
            requests[i] = request;
        }
        var calls = new Task<PartOutcome>[_parts.Length];
        for (var i = 0; i < _parts.Length; i++)
        {
            calls[i] = CallAsync(context, requests[i], _parts[i].Part, _parts[i].Invoker);
        }
        var outcomes = await Task.WhenAll(calls).ConfigureAwait(false);
        try
        {
            var upstreamTime = TimeSpan.Zero;
            foreach (var outcome in outcomes)
            {
                upstreamTime = outcome.Elapsed > upstreamTime ? outcome.Elapsed : upstreamTime;
                context.Telemetry.UpstreamAttempts += outcome.Attempts;
            }
            context.Telemetry.UpstreamTime = upstreamTime;

            for (var i = 0; i < outcomes.Length; i++)
            {
                if (outcomes[i].Failure is { } failure && _parts[i].Part.Required)
                {
                    return GatewayErrors.Create(context, failure.Status, failure.Code, $"part \"{_parts[i].Part.Name}\" failed: {failure.Reason}");
                }
            }
            var response = new GatewayResponse(200) { Body = Merge(outcomes) };
            response.Headers.Add(HeaderNames.ContentType, "application/json");
            return response;
        }
        finally
        {
            foreach (var outcome in outcomes)
            {
                outcome.Document?.Dispose();
            }
        }
    }

    /// <summary>The part's GET: its own path and query, the client's headers (an answer the gateway must parse: uncompressed).</summary>
    private static GatewayRequest? PartRequest(GatewayContext context, CompositionPart part)
    {
        if (!CanonicalPath.TryCreate(part.Path.EvaluateEscaped(context), out var path, out _))
        {
            return null;
        }
        var headers = new HeaderCollection(context.Request.Headers.Count);
        foreach (var (name, value) in context.Request.Headers)
        {
            if (!name.Equals(HeaderNames.ContentType, StringComparison.OrdinalIgnoreCase) &&
                !name.Equals(HeaderNames.ContentLength, StringComparison.OrdinalIgnoreCase) &&
                !name.Equals("Accept-Encoding", StringComparison.OrdinalIgnoreCase))
            {
                headers.Add(name, value);
            }
        }
        var request = context.Request;
        return new GatewayRequest
        {
            Method = "GET",
            Path = path.Value,
            RawQuery = part.Query?.EvaluateEscaped(context) ?? string.Empty,
            Headers = headers,
            ClientAddress = request.ClientAddress,
            Scheme = request.Scheme,
            Host = request.Host,
            Port = request.Port,
        };
    }

    private static async Task<PartOutcome> CallAsync(GatewayContext context, GatewayRequest request, CompositionPart part, UpstreamInvoker invoker)
    {
        var partContext = new GatewayContext(request, context.RequestId, new EdgeContext(null, context.Identity, context.Stage), context.Aborted, context.Deadline);
        var response = await invoker.InvokeAsync(partContext).ConfigureAwait(false);
        var telemetry = partContext.Telemetry;
        var elapsed = telemetry.UpstreamTime ?? TimeSpan.Zero;
        PartOutcome Failed(int status, string code, string reason) => new(null, new PartFailure(status, code, reason), elapsed, telemetry.UpstreamAttempts);

        if (telemetry.ErrorCode is { } code)
        {
            // The invoker's own error: unreachable, timed out, garbage.
            return Failed(response.StatusCode, code, code switch
            {
                ErrorCodes.UpstreamTimeout => $"no answer within {part.Timeouts.Read.TotalMilliseconds} ms",
                ErrorCodes.UpstreamUnreachable => "the upstream could not be reached",
                _ => "the upstream sent an invalid response",
            });
        }
        if (response.StatusCode is < 200 or > 299)
        {
            return Failed(502, ErrorCodes.UpstreamError, $"the upstream answered {response.StatusCode}");
        }
        if (response.Body.IsEmpty)
        {
            return new PartOutcome(null, null, elapsed, telemetry.UpstreamAttempts);
        }
        try
        {
            return new PartOutcome(JsonDocument.Parse(response.Body), null, elapsed, telemetry.UpstreamAttempts);
        }
        catch (JsonException)
        {
            return Failed(502, ErrorCodes.UpstreamError, "the upstream answered with a body that is not JSON");
        }
    }

    private byte[] Merge(PartOutcome[] outcomes)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            for (var i = 0; i < outcomes.Length; i++)
            {
                if (outcomes[i].Failure is not null)
                {
                    continue;
                }
                json.WritePropertyName(_parts[i].Part.Name);
                if (outcomes[i].Document is { } document)
                {
                    document.RootElement.WriteTo(json);
                }
                else
                {
                    json.WriteNullValue();
                }
            }
            if (outcomes.Any(o => o.Failure is not null))
            {
                json.WriteStartObject("_errors");
                for (var i = 0; i < outcomes.Length; i++)
                {
                    if (outcomes[i].Failure is { } failure)
                    {
                        json.WriteStartObject(_parts[i].Part.Name);
                        json.WriteString("code", failure.Code);
                        json.WriteNumber("status", failure.Status);
                        json.WriteString("reason", failure.Reason);
                        json.WriteEndObject();
                    }
                }
                json.WriteEndObject();
            }
            json.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }

    private sealed record PartFailure(int Status, string Code, string Reason);

    private readonly record struct PartOutcome(JsonDocument? Document, PartFailure? Failure, TimeSpan Elapsed, int Attempts);
}
