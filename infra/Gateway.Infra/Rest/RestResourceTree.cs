using Amazon.CDK;
using IResource = Amazon.CDK.AWS.APIGateway.IResource;
using Resource = Amazon.CDK.AWS.APIGateway.Resource;
using Amazon.CDK.AWS.APIGateway;

namespace Gateway.Infra.Rest;

/// <summary>
/// The REST API's resource tree (one resource per path segment) when its methods are spread over the gateway's
/// stack and nested stacks. Each resource is created once, in the stack of the first route that needs it; a later
/// route in another stack imports it by id (a nested stack cannot look up its parent's constructs, and creating
/// the same path twice fails at deploy with a conflict).
/// </summary>
public sealed class RestResourceTree(RestApi api)
{
    private readonly Dictionary<string, (IResource Resource, NestedStack? Stack)> _created = new(StringComparer.Ordinal);
    private readonly Dictionary<(NestedStack Stack, string Path), IResource> _imported = [];
    private readonly Dictionary<NestedStack, IRestApi> _apis = [];

    /// <summary>How many resources <paramref name="path"/> adds to the tree.</summary>
    public int NewResources(string path) => Prefixes(path).Count(prefix => !_created.ContainsKey(prefix.Path));

    /// <summary>The resource for <paramref name="path"/>, as seen from <paramref name="stack"/> (null: the gateway's stack).</summary>
    public IResource For(string path, NestedStack? stack)
    {
        var current = stack is null ? api.Root : ApiIn(stack).Root;
        foreach (var (prefix, segment) in Prefixes(path))
        {
            if (_created.TryGetValue(prefix, out var created))
            {
                current = created.Stack == stack ? created.Resource : Import(created.Resource, prefix, stack!);
            }
            else
            {
                current = current.AddResource(segment);
                _created[prefix] = (current, stack);
            }
        }
        return current;
    }

    // Only a nested stack imports: routes fill the gateway's stack first, so it never needs a nested stack's resource.
    private IResource Import(IResource resource, string path, NestedStack stack)
    {
        if (!_imported.TryGetValue((stack, path), out var imported))
        {
            imported = Resource.FromResourceAttributes(stack, $"Resource{_imported.Count + 1}", new ResourceAttributes
            {
                ResourceId = resource.ResourceId,
                RestApi = ApiIn(stack),
                Path = path,
            });
            _imported[(stack, path)] = imported;
        }
        return imported;
    }

    private IRestApi ApiIn(NestedStack stack)
    {
        if (!_apis.TryGetValue(stack, out var imported))
        {
            imported = RestApi.FromRestApiAttributes(stack, "RestApi", new RestApiAttributes
            {
                RestApiId = api.RestApiId,
                RootResourceId = api.RestApiRootResourceId,
            });
            _apis[stack] = imported;
        }
        return imported;
    }

    /// <summary>Each resource path <paramref name="path"/> needs below the root, outermost first, with its last segment.</summary>
    public static IEnumerable<(string Path, string Segment)> Prefixes(string path)
    {
        var prefix = string.Empty;
        foreach (var segment in path.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            prefix += "/" + segment;
            yield return (prefix, segment);
        }
    }
}
