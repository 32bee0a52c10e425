using Armvisor.Arm64;

namespace Armvisor.Bench.Differential;

/// <summary>Compares the end state of a case on QEMU (the reference) and on Armvisor, item by item.</summary>
public static class ResultComparer
{
    /// <summary>Exception classes whose FAR is architecturally valid (DDI0487 D17.2.40 FAR_EL1: aborts, PC alignment, watchpoints).</summary>
    private static readonly ExceptionClass[] FarValid =
    [
        ExceptionClass.InstructionAbortLowerEl, ExceptionClass.InstructionAbortSameEl, ExceptionClass.PcAlignment,
        ExceptionClass.DataAbortLowerEl, ExceptionClass.DataAbortSameEl, ExceptionClass.WatchpointLowerEl,
        ExceptionClass.WatchpointSameEl,
    ];

    public static IReadOnlyList<FieldDifference> Compare(CaseResult qemu, CaseResult armvisor)
    {
        var d = new List<FieldDifference>();
        if (!qemu.Complete || !armvisor.Complete)
        {
            d.Add(new FieldDifference("record", qemu.Complete ? "complete" : "missing", armvisor.Complete ? "complete" : "missing"));
            return d;
        }

        Check(d, "outcome", Outcome(qemu), Outcome(armvisor));
        if (qemu.Kind != 0 || armvisor.Kind != 0)
        {
            Check(d, "ESR_EL1", qemu.Esr, armvisor.Esr);
            Check(d, "ELR_EL1", qemu.Elr, armvisor.Elr);
            Check(d, "SPSR_EL1", qemu.Spsr, armvisor.Spsr);
            if (qemu.Kind == armvisor.Kind && Array.IndexOf(FarValid, new ExceptionSyndrome(qemu.Esr).Class) >= 0)
            {
                Check(d, "FAR_EL1", qemu.Far, armvisor.Far);
            }
        }

        for (int i = 0; i < 31; i++)
        {
            Check(d, $"X{i}", qemu.X[i], armvisor.X[i]);
        }

        Check(d, "SP", qemu.Sp, armvisor.Sp);
        Check(d, "NZCV", qemu.Nzcv, armvisor.Nzcv);
        Check(d, "FPSR", qemu.Fpsr, armvisor.Fpsr);
        Check(d, "FPCR", qemu.Fpcr, armvisor.Fpcr);
        for (int v = 0; v < 32; v++)
        {
            if (qemu.V[v] != armvisor.V[v])
            {
                d.Add(new FieldDifference($"V{v}", $"0x{qemu.V[v]:X32}", $"0x{armvisor.V[v]:X32}"));
            }
        }

        string qm = Memory(qemu), am = Memory(armvisor);
        if (qm != am)
        {
            d.Add(new FieldDifference("memory", qm, am));
        }

        return d;
    }

    /// <summary>How the case ended, in words: completed, or the vector that took the exception.</summary>
    public static string Outcome(CaseResult r) => r.Kind == 0
        ? "completed"
        : $"exception vector 0x{(r.Kind - 1) * 0x80:X3} ({new ExceptionSyndrome(r.Esr).Class})";

    private static string Memory(CaseResult r) => r.MemoryChanges == 0
        ? "unchanged"
        : $"{r.MemoryChanges} doubleword(s): " + string.Join(", ", r.Memory.Select(m => $"+0x{m.Offset:X3}=0x{m.Value:X16}"));

    private static void Check(List<FieldDifference> d, string name, ulong qemu, ulong armvisor)
    {
        if (qemu != armvisor)
        {
            d.Add(new FieldDifference(name, $"0x{qemu:X}", $"0x{armvisor:X}"));
        }
    }

    private static void Check(List<FieldDifference> d, string name, string qemu, string armvisor)
    {
        if (qemu != armvisor)
        {
            d.Add(new FieldDifference(name, qemu, armvisor));
        }
    }
}
