namespace Gateway.HostileInputTests.Corpus;

/// <summary>
/// The gateways the corpus attacks, and what each route's traffic looks like at the upstream. Every service has its
/// own base path, so a path that escaped its route would show at the upstream as outside that route's prefix. No
/// retries, breakers or rate limits: each case's answer depends on that case alone.
/// </summary>
public static class CorpusGateway
{
    public const string DefaultHost = "gateway.test";
    public const string BoundHost = "api.example.com";
    public const string WildcardDomain = "example.net";

    /// <summary>gateway.maxRequestBodySize of the request gateway.</summary>
    public const int MaxBody = 64 * 1024;

    /// <summary>gateway.maxRequestBodySize of the event gateway.</summary>
    public const int EventMaxBody = 1024 * 1024;

    /// <summary>/api/{proxy+} with /api stripped.</summary>
    public const string ApiPrefix = "/svc-api/";

    /// <summary>/files/{proxy+}, nothing stripped.</summary>
    public const string FilesPrefix = "/svc-files/files/";

    /// <summary>GET /orders/{id}.</summary>
    public const string OrderPrefix = "/svc-api/orders/";

    /// <summary>/hosted, only for Host api.example.com.</summary>
    public const string HostedTarget = "/svc-hosted/hosted";

    /// <summary>/wild, only for subdomains of example.net.</summary>
    public const string WildTarget = "/svc-hosted/wild";

    /// <summary>Every event reaches the catch-all route of the event gateway.</summary>
    public const string EventPrefix = "/svc-events/";

    /// <summary>The identity provider's <c>iss</c> and the audience the credential gateway accepts.</summary>
    public const string Issuer = "https://issuer.test";
    public const string Audience = "gateway-api";

    /// <summary>The scope <c>/scoped/{proxy+}</c> and <c>/key-scoped/{proxy+}</c> require.</summary>
    public const string RequiredScope = "orders:write";

    /// <summary>At most one early JWKS fetch per this interval, however many unknown kids arrive.</summary>
    public static readonly TimeSpan MinKeyRefresh = TimeSpan.FromSeconds(10);

    private const string Service = "timeouts: { connect: 2s, read: 10s, deadline: 15s }, retry: { attempts: 1 }, circuitBreaker: { enabled: false }";

    public static string Requests(string upstream) => $$"""
        gateway: { name: hostile-corpus, maxRequestBodySize: {{MaxBody}} }
        services:
          api: { url: "{{upstream}}/svc-api", {{Service}} }
          files: { url: "{{upstream}}/svc-files", {{Service}} }
          hosted: { url: "{{upstream}}/svc-hosted", {{Service}} }
        routes:
          - { name: api, path: "/api/{proxy+}", stripPrefix: /api, service: api }
          - { name: files, path: "/files/{proxy+}", service: files }
          - { name: get-order, path: "/orders/{id}", methods: [GET], service: api }
          - { name: create-order, path: /orders, methods: [POST], service: api }
          - { name: hosted, path: /hosted, host: {{BoundHost}}, service: hosted }
          - { name: wild, path: /wild, host: "*.{{WildcardDomain}}", service: hosted }
        """;

    /// <summary>
    /// Routes taking each credential: a bearer token (any scope, or <see cref="RequiredScope"/>) and an API key (which
    /// carries no scopes, so the scoped key route is always 403 for a valid key). Nothing is stripped: the upstream
    /// sees /svc-api/token/…, /svc-api/key/….
    /// </summary>
    public static string Credentials(string upstream, Uri jwksUrl) => $$"""
        gateway: { name: hostile-credentials }
        services:
          api: { url: "{{upstream}}/svc-api", {{Service}} }
        routes:
          - { name: token, path: "/token/{proxy+}", service: api, auth: jwt }
          - { name: scoped, path: "/scoped/{proxy+}", service: api, auth: { type: jwt, scopes: [{{RequiredScope}}] } }
          - { name: key, path: "/key/{proxy+}", service: api, auth: apiKey }
          - { name: key-scoped, path: "/key-scoped/{proxy+}", service: api, auth: { type: apiKey, scopes: [{{RequiredScope}}] } }
        {{JwtAuth(jwksUrl)}}
        """;

    /// <summary>The host the host-bound protected route serves; the same path on any other host is public.</summary>
    public const string AdminHost = "admin.example.com";

    /// <summary>Every edge route forwards to one service under this base path, nothing stripped.</summary>
    public const string EdgePrefix = "/svc-edge";

    /// <summary>The header the transformed route's policy sets.</summary>
    public const string TransformHeader = "X-Added-By-Gateway";

    /// <summary>
    /// The edge families' gateway: protected areas beside public routes that would take a request if routing read it
    /// differently from the upstream, so that every bypass shows as a request reaching the upstream without a valid
    /// credential. <c>/{proxy+}</c> takes everything else, publicly.
    /// </summary>
    public static string Edge(string upstream, Uri jwksUrl) => $$"""
        gateway: { name: hostile-edge }
        services:
          edge: { url: "{{upstream}}{{EdgePrefix}}", {{Service}} }
        routes:
          - { name: admin, path: "/admin/{proxy+}", service: edge, auth: jwt }
          - { name: delete-item, path: "/items/{id}", methods: [DELETE], service: edge, auth: jwt }
          - { name: items, path: "/items/{id}", methods: [GET, HEAD, POST, PUT, PATCH, OPTIONS], service: edge }
          - { name: host-admin, path: /dash, host: {{AdminHost}}, service: edge, auth: jwt }
          - { name: dash, path: /dash, service: edge }
          - { name: matrix, path: "/matrix/{id}", service: edge, matrixParams: true }
          - name: transformed
            path: "/transformed/{proxy+}"
            service: edge
            auth: jwt
            policies:
              requestHeaders: { set: { {{TransformHeader}}: "yes" } }
          - { name: public, path: "/{proxy+}", service: edge }
        {{JwtAuth(jwksUrl)}}
        """;

    /// <summary>The identity provider both credential-taking gateways trust (one line, to follow a route list).</summary>
    private static string JwtAuth(Uri jwksUrl) =>
        $"auth: {{ jwt: {{ issuer: \"{Issuer}\", audience: {Audience}, algorithms: [HS256, RS256, ES256], jwksUrl: \"{jwksUrl}\", " +
        $"minKeyRefreshInterval: {(int)MinKeyRefresh.TotalSeconds}s }} }}";

    /// <summary>The HTTP API route key API Gateway names a credential route's request with ("ANY /token/{proxy+}").</summary>
    public static string CredentialRouteKey(string path) => $"ANY /{path.Split('/')[1]}/{{proxy+}}";

    public static string Events(string upstream) => $$"""
        gateway: { name: hostile-events, maxRequestBodySize: {{EventMaxBody}} }
        services:
          events: { url: "{{upstream}}/svc-events", {{Service}} }
        routes:
          - { name: everything, path: "/{proxy+}", service: events }
        """;
}
