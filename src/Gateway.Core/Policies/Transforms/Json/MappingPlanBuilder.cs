namespace Gateway.Policies.Transforms.Json;

/// <summary>
/// Works out a body mapping's plan from its steps, at load. Each step acts on the body as the steps before it left
/// it; since that body exists only per request, a step here edits the plan instead, and the plan then writes the
/// final body in one pass. Every method returns a problem to report, or null.
/// </summary>
internal sealed class MappingPlanBuilder
{
    public PlanNode Root { get; private set; } = new SourceNode([], string.Empty);

    public string? Move(BodyPath from, BodyPath to)
    {
        if (from.LastName is null || to.LastName is null)
        {
            return "both sides of a move must end with a field name";
        }
        var scopeLength = from.ScopeLength;
        if (scopeLength != to.ScopeLength || !from.Segments.Take(scopeLength).SequenceEqual(to.Segments.Take(scopeLength)))
        {
            return $"\"{from}\" and \"{to}\" are in different arrays: a field inside an array's elements moves within its element";
        }
        if (EnterScope(from, out var problem) is not { } scope)
        {
            return problem;
        }
        var value = Take(scope, Fields(from), out problem);
        if (problem is not null)
        {
            return problem;
        }
        return value is null
            ? $"nothing is left at \"{from}\" to move: an earlier step moved or removed it"
            : Put(scope, Fields(to), value);
    }

    public string? Remove(BodyPath path)
    {
        if (path.LastName is null)
        {
            return "a removed path must end with a field name (remove the array itself by its name)";
        }
        if (EnterScope(path, out var problem) is not { } scope)
        {
            return problem;
        }
        Take(scope, Fields(path), out problem);
        return problem;
    }

    public string? Set(BodyPath path, PlanNode value)
    {
        if (path.LastName is null)
        {
            return "a set path must end with a field name";
        }
        return EnterScope(path, out var problem) is { } scope ? Put(scope, Fields(path), value) : problem;
    }

    /// <summary>The body becomes <c>{"name": body}</c>.</summary>
    public void Wrap(string name)
    {
        var envelope = new ObjectNode();
        envelope.Fields.Add(new FieldPlan(name, Root));
        Root = envelope;
    }

    /// <summary>The body becomes the value at <paramref name="path"/>, which must be there.</summary>
    public string? Unwrap(BodyPath path)
    {
        if (path.ScopeLength > 0)
        {
            return "unwrap takes a path without []";
        }
        var inner = Navigate(Root, Fields(path), create: false, out var problem);
        if (problem is not null)
        {
            return problem;
        }
        switch (inner)
        {
            case null:
                return $"nothing is left at \"{path}\" to unwrap: an earlier step moved or removed it";
            case SourceNode source:
                source.Required = true;
                break;
        }
        Root = inner;
        return null;
    }

    /// <summary>The path's fields after its last <c>[]</c>: what it names within its scope.</summary>
    private static string[] Fields(BodyPath path) => path.Segments.Skip(path.ScopeLength).Select(s => s!).ToArray();

    /// <summary>
    /// The plan node of the innermost array element <paramref name="path"/> is in (the root when it has no []),
    /// marking each array on the way as mapped element by element.
    /// </summary>
    private PlanNode? EnterScope(BodyPath path, out string? problem)
    {
        problem = null;
        var scope = Root;
        var start = 0;
        for (var i = 0; i < path.ScopeLength; i++)
        {
            if (path.Segments[i] is not null)
            {
                continue;
            }
            var names = path.Segments.Skip(start).Take(i - start).Select(s => s!).ToArray();
            var container = Navigate(scope, names, create: true, out problem);
            if (problem is not null)
            {
                return null;
            }
            if (container is not SourceNode array)
            {
                problem = $"\"{string.Join('.', names)}\" is not an array from the body at this step";
                return null;
            }
            if (array.Edits.Count > 0)
            {
                problem = $"\"{array.Display}\" is edited as an object by an earlier step, so it cannot be mapped as an array";
                return null;
            }
            scope = array.Each ??= new SourceNode([], array.Display + "[]");
            start = i + 1;
        }
        return scope;
    }

    /// <summary>
    /// Walks to <paramref name="names"/>. Fields of the body on the way become explicit edits (harmless: an edit
    /// without changes copies the field). Null when the path is known to hold nothing (removed, or never set);
    /// with <paramref name="create"/>, objects are made there instead.
    /// </summary>
    private static PlanNode? Navigate(PlanNode start, IReadOnlyList<string> names, bool create, out string? problem)
    {
        problem = null;
        var current = start;
        foreach (var name in names)
        {
            switch (current)
            {
                case SourceNode source:
                    if (!CanEdit(source, out problem))
                    {
                        return null;
                    }
                    var edit = Find(source.Edits, name);
                    if (edit is null)
                    {
                        var child = source.Child(name);
                        source.Edits.Add(new FieldPlan(name, child));
                        current = child;
                    }
                    else if (edit.Value is null)
                    {
                        if (!create)
                        {
                            return null;
                        }
                        current = edit.Value = new ObjectNode();
                    }
                    else
                    {
                        current = edit.Value;
                    }
                    break;
                case ObjectNode built:
                    var field = Find(built.Fields, name);
                    if (field is null)
                    {
                        if (!create)
                        {
                            return null;
                        }
                        field = new FieldPlan(name, new ObjectNode());
                        built.Fields.Add(field);
                    }
                    current = field.Value!;
                    break;
                default:
                    problem = $"\"{name}\" is inside a value an earlier step set; set the whole value instead";
                    return null;
            }
        }
        return current;
    }

    /// <summary>Removes the field at <paramref name="names"/> and returns its value (null when there is none).</summary>
    private static PlanNode? Take(PlanNode scope, string[] names, out string? problem)
    {
        var parent = Navigate(scope, names[..^1], create: false, out problem);
        var name = names[^1];
        switch (parent)
        {
            case null:
                return null;
            case SourceNode source:
                if (!CanEdit(source, out problem))
                {
                    return null;
                }
                var edit = Find(source.Edits, name);
                if (edit is null)
                {
                    source.Edits.Add(new FieldPlan(name, null));
                    return source.Child(name);
                }
                var value = edit.Value;
                edit.Value = null;
                return value;
            case ObjectNode built:
                var field = Find(built.Fields, name);
                if (field is not null)
                {
                    built.Fields.Remove(field);
                }
                return field?.Value;
            default:
                problem = $"\"{name}\" is inside a value an earlier step set; set the whole value instead";
                return null;
        }
    }

    private static string? Put(PlanNode scope, string[] names, PlanNode value)
    {
        var parent = Navigate(scope, names[..^1], create: true, out var problem);
        var name = names[^1];
        switch (parent)
        {
            case SourceNode source:
                if (!CanEdit(source, out problem))
                {
                    return problem;
                }
                Upsert(source.Edits, name, value);
                return null;
            case ObjectNode built:
                Upsert(built.Fields, name, value);
                return null;
            default:
                return problem ?? $"\"{name}\" is inside a value an earlier step set; set the whole value instead";
        }
    }

    private static bool CanEdit(SourceNode source, out string? problem)
    {
        problem = source.Each is null
            ? null
            : $"\"{source.Display}\" is mapped element by element by an earlier step; edit its elements' fields with \"{source.Display}[].name\"";
        return problem is null;
    }

    private static void Upsert(List<FieldPlan> fields, string name, PlanNode value)
    {
        if (Find(fields, name) is { } existing)
        {
            existing.Value = value;
        }
        else
        {
            fields.Add(new FieldPlan(name, value));
        }
    }

    private static FieldPlan? Find(List<FieldPlan> fields, string name)
    {
        foreach (var field in fields)
        {
            if (field.Name == name)
            {
                return field;
            }
        }
        return null;
    }
}
