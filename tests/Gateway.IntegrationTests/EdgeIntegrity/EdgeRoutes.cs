namespace Gateway.IntegrationTests.EdgeIntegrity;

/// <summary>
/// Protected areas beside public ones, so that a request read one way by the gateway and another by the upstream
/// shows as a bypass: every protected route has a public route that would take the request if routing missed it.
/// </summary>
public static class EdgeRoutes
{
    public const string Yaml = """
        routes:
          - { name: admin, path: "/admin/{proxy+}", service: api, auth: jwt }
          - { name: delete-item, path: "/items/{id}", methods: [DELETE], service: api, auth: jwt }
          - { name: items, path: "/items/{id}", methods: [GET, POST, PUT], service: api }
          - { name: host-admin, path: /dash, host: admin.example.com, service: api, auth: jwt }
          - { name: dash, path: /dash, service: api }
          - { name: matrix, path: "/matrix/{id}", service: api, matrixParams: true }
          - { name: forwards-token, path: "/delegated/{proxy+}", service: api, auth: { type: jwt, hideCredentials: false } }
          - name: transformed
            path: "/transformed/{proxy+}"
            service: api
            auth: jwt
            policies:
              requestHeaders: { set: { X-Added-By-Gateway: "yes" } }
          - { name: public, path: "/{proxy+}", service: api }
        """;

    public static TheoryData<EdgeHostKind> Hosts => [EdgeHostKind.Serve, EdgeHostKind.Lambda];

    /// <summary>Every value on each host.</summary>
    public static TheoryData<EdgeHostKind, string> OnEachHost(params string[] values)
    {
        var data = new TheoryData<EdgeHostKind, string>();
        foreach (var kind in new[] { EdgeHostKind.Serve, EdgeHostKind.Lambda })
        {
            foreach (var value in values)
            {
                data.Add(kind, value);
            }
        }
        return data;
    }
}
