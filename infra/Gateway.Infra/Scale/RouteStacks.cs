using Amazon.CDK;
using Constructs;

namespace Gateway.Infra.Scale;

/// <summary>
/// Where the API fronts put their per-route resources. CloudFormation allows 500 resources per stack, and a front
/// at API Gateway's route quota needs more than that on its own (a REST front needs a resource per path segment and
/// a method per verb). Routes go into the gateway's stack while it has room, then into nested stacks
/// (<c>Routes1</c>, <c>Routes2</c>, …), each filled to the same budget. A configuration that fits leaves the stack
/// as it was, with no nested stack.
/// </summary>
public sealed class RouteStacks(Stack parent)
{
    /// <summary>CloudFormation's resources per stack.</summary>
    public const int StackResourceLimit = 500;

    /// <summary>
    /// What routes may fill a stack to: the rest is headroom for the few resources added after routes are placed
    /// (a REST front's usage plans and keys are reserved explicitly; this covers estimates being off by a few).
    /// </summary>
    public const int Budget = 450;

    private readonly List<NestedStack> _nested = [];
    private int _parentUsed;
    private int _nestedUsed;

    public IReadOnlyList<NestedStack> Nested => _nested;

    /// <summary>
    /// Starts a front: counts the resources the gateway's stack has now, plus <paramref name="reserve"/> the front
    /// adds after its routes.
    /// </summary>
    public void Begin(int reserve) => _parentUsed = ResourcesIn(parent) + reserve;

    /// <summary>The nested stack for the next route's <paramref name="resources"/>, or null for the gateway's stack.</summary>
    public NestedStack? Place(int resources)
    {
        if (_nested.Count == 0 && _parentUsed + resources <= Budget)
        {
            _parentUsed += resources;
            return null;
        }
        if (_nested.Count == 0 || _nestedUsed + resources > Budget)
        {
            _nested.Add(new NestedStack(parent, $"Routes{_nested.Count + 1}", new NestedStackProps
            {
                Description = $"{parent.StackName}: routes, part {_nested.Count + 1}",
            }));
            _nestedUsed = 0;
            // The nested stack is a resource of the gateway's stack.
            _parentUsed++;
        }
        _nestedUsed += resources;
        return _nested[^1];
    }

    /// <summary>Charges the gateway's stack for resources that must stay in it, whatever the budget says.</summary>
    public void PlaceInParent(int resources) => _parentUsed += resources;

    private static int ResourcesIn(Stack stack)
    {
        var path = stack.Node.Path;
        return stack.Node.FindAll().Count(construct => CfnResource.IsCfnResource(construct) && Stack.Of(construct).Node.Path == path);
    }
}
