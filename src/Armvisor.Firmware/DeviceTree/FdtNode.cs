namespace Armvisor.Firmware.DeviceTree;

/// <summary>A node of a parsed (editable) device tree.</summary>
public sealed class FdtNode
{
    public FdtNode(string name) => Name = name;

    /// <summary>Name with unit address ("" for the root).</summary>
    public string Name { get; }

    public List<FdtProperty> Properties { get; } = [];

    public List<FdtNode> Children { get; } = [];

    public FdtProperty? FindProperty(string name) => Properties.Find(p => p.Name == name);

    public FdtNode? FindChild(string name) => Children.Find(c => c.Name == name);

    /// <summary>Resolves an absolute path such as "/chosen" or "/cpus/cpu@0" from this (root) node.</summary>
    public FdtNode? FindPath(string path)
    {
        var node = this;
        foreach (var part in path.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            node = node.FindChild(part);
            if (node is null)
            {
                return null;
            }
        }

        return node;
    }

    /// <summary>Returns the child named <paramref name="name"/>, adding an empty one if needed.</summary>
    public FdtNode GetOrAddChild(string name)
    {
        var child = FindChild(name);
        if (child is null)
        {
            child = new FdtNode(name);
            Children.Add(child);
        }

        return child;
    }

    /// <summary>Replaces or adds a property.</summary>
    public void SetProperty(string name, byte[] value)
    {
        var index = Properties.FindIndex(p => p.Name == name);
        var property = new FdtProperty(name, value);
        if (index < 0)
        {
            Properties.Add(property);
        }
        else
        {
            Properties[index] = property;
        }
    }

    public bool RemoveProperty(string name) => Properties.RemoveAll(p => p.Name == name) > 0;

    internal void WriteTo(FdtWriter writer)
    {
        using (writer.BeginNode(Name))
        {
            foreach (var property in Properties)
            {
                writer.Property(property.Name, property.Value);
            }

            foreach (var child in Children)
            {
                child.WriteTo(writer);
            }
        }
    }
}
