namespace Armvisor.Bench.Differential;

/// <summary>One architectural item that differs: its name, QEMU's value and Armvisor's.</summary>
public sealed record FieldDifference(string Name, string Qemu, string Armvisor)
{
    public override string ToString() => $"{Name}: qemu {Qemu} armvisor {Armvisor}";
}
