using System.Globalization;
using System.Text;

namespace Gateway.Policies.Edge.Schema;

/// <summary>
/// What a validation found, each problem with where it is (<c>items[2].qty: must be at least 1</c>). It stops
/// collecting after a few: a client needs the first problems, not a thousand of them.
/// </summary>
internal sealed class SchemaErrors
{
    private const int Limit = 10;
    private readonly List<(string? Name, int Index)> _path = [];
    private readonly List<string> _messages = [];

    public bool Full => _messages.Count >= Limit;

    public int Count => _messages.Count;

    public IReadOnlyList<string> Messages => _messages;

    public void Push(string name) => _path.Add((name, 0));

    public void Push(int index) => _path.Add((null, index));

    public void Pop() => _path.RemoveAt(_path.Count - 1);

    public void Add(string message)
    {
        if (!Full)
        {
            _messages.Add($"{Location()}: {message}");
        }
    }

    private string Location()
    {
        if (_path.Count == 0)
        {
            return "(the body)";
        }
        var location = new StringBuilder();
        foreach (var (name, index) in _path)
        {
            if (name is null)
            {
                location.Append('[').Append(index.ToString(CultureInfo.InvariantCulture)).Append(']');
            }
            else
            {
                location.Append(location.Length == 0 ? string.Empty : ".").Append(name);
            }
        }
        return location.ToString();
    }
}
