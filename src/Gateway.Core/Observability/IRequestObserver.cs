using Gateway.Http;
using Gateway.Pipeline;

namespace Gateway.Observability;

/// <summary>Sees every request once it is answered: the access log and the metrics hang off this.</summary>
public interface IRequestObserver
{
    void OnCompleted(GatewayContext context, GatewayResponse response, TimeSpan elapsed);
}
