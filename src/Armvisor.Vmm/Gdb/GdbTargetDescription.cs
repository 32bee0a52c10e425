using System.Reflection;

namespace Armvisor.Vmm.Gdb;

/// <summary>
/// The target description gdb reads with qXfer:features:read:target.xml (GDB manual, "Target Descriptions" G.5.1 AArch64
/// features): org.gnu.gdb.aarch64.core (x0-x30, sp, pc, cpsr) and org.gnu.gdb.aarch64.fpu (v0-v31, fpsr, fpcr), in
/// the register numbering <see cref="GdbRegisters"/> uses. Kept as data in target.xml (an embedded resource).
/// </summary>
internal static class GdbTargetDescription
{
    public static string Xml { get; } = Load();

    private static string Load()
    {
        using Stream stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("Armvisor.Vmm.Gdb.target.xml")
            ?? throw new InvalidOperationException("the gdb target description resource is missing");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
