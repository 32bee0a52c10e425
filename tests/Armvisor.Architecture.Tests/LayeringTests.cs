using System.Reflection;

namespace Armvisor.Architecture.Tests;

/// <summary>The one-way dependency rule between layers (docs/design.md): a layer references only the layers below it.</summary>
public class LayeringTests
{
    /// <summary>Each Armvisor assembly and the Armvisor assemblies it may reference.</summary>
    public static TheoryData<string, string[]> AllowedReferences => new()
    {
        { "Armvisor.Arm64", [] },
        { "Armvisor.Memory", ["Armvisor.Arm64"] },
        { "Armvisor.Engine", ["Armvisor.Arm64", "Armvisor.Memory"] },
        { "Armvisor.Devices", ["Armvisor.Arm64", "Armvisor.Memory"] },
        { "Armvisor.Firmware", ["Armvisor.Arm64", "Armvisor.Memory"] },
        { "Armvisor.Core", ["Armvisor.Arm64", "Armvisor.Memory", "Armvisor.Engine", "Armvisor.Devices"] },
        { "Armvisor.Vmm", ["Armvisor.Arm64", "Armvisor.Memory", "Armvisor.Engine", "Armvisor.Devices", "Armvisor.Core", "Armvisor.Firmware"] },
        { "Armvisor.Fleet", [] },
        { "armvisor", ["Armvisor.Arm64", "Armvisor.Memory", "Armvisor.Engine", "Armvisor.Devices", "Armvisor.Core", "Armvisor.Firmware", "Armvisor.Vmm", "Armvisor.Fleet"] },
    };

    [Theory]
    [MemberData(nameof(AllowedReferences))]
    public void References_OfEachLayer_OnlyPointDownward(string assemblyName, string[] allowed)
    {
        var path = Path.Combine(AppContext.BaseDirectory, assemblyName + ".dll");
        var armvisorReferences = Assembly.LoadFrom(path).GetReferencedAssemblies()
            .Select(r => r.Name!)
            .Where(n => n.StartsWith("Armvisor.", StringComparison.Ordinal) || n == "armvisor")
            .ToArray();

        Assert.All(armvisorReferences, r => Assert.Contains(r, allowed));
    }
}
