namespace Armvisor.Engine.AArch32.Cpu;

/// <summary>
/// Where the AArch32 registers of each mode live in the AArch64 register file (DDI0487 D1.20.1, "Mapping of the
/// general-purpose registers between the Execution states"): R0-R12 are X0-X12 except R8-R12 in FIQ mode (X24-X28);
/// SP/LR are X13/X14 (usr, sys), X17/X16 (irq), X19/X18 (svc), X21/X20 (abt), X23/X22 (und), X29/X30 (fiq); SP_hyp
/// is X15. The map is what the ISS SRT/Rt fields report too ("the AArch64 view of the register").
/// </summary>
internal static class BankedRegisterMap
{
    private static readonly byte[][] s_maps = Build();

    /// <summary>X index of R0..R14 in <paramref name="mode"/>; null for modes the engine does not execute.</summary>
    public static byte[]? For(uint mode) => (mode & 0x1F) is var m && m >= 0x10 ? s_maps[m - 0x10] : null;

    /// <summary>A mode the engine executes at EL0/EL1 (not Monitor, not Hyp, not a reserved encoding).</summary>
    public static bool IsExecutable(uint mode) => (ProcessorMode)mode is ProcessorMode.User or ProcessorMode.Fiq
        or ProcessorMode.Irq or ProcessorMode.Supervisor or ProcessorMode.Abort or ProcessorMode.Undefined or ProcessorMode.System;

    private static byte[][] Build()
    {
        var maps = new byte[16][];
        for (uint m = 0x10; m <= 0x1F; m++)
        {
            var map = new byte[15];
            for (int r = 0; r < 15; r++)
            {
                map[r] = (byte)r;
            }

            (int sp, int lr) = (ProcessorMode)m switch
            {
                ProcessorMode.Irq => (17, 16),
                ProcessorMode.Supervisor => (19, 18),
                ProcessorMode.Abort => (21, 20),
                ProcessorMode.Undefined => (23, 22),
                ProcessorMode.Fiq => (29, 30),
                ProcessorMode.Hyp => (15, 14),
                _ => (13, 14),
            };
            if ((ProcessorMode)m == ProcessorMode.Fiq)
            {
                for (int r = 8; r <= 12; r++)
                {
                    map[r] = (byte)(r + 16);
                }
            }

            map[13] = (byte)sp;
            map[14] = (byte)lr;
            maps[m - 0x10] = map;
        }

        return maps;
    }

    /// <summary>
    /// The register an MRS/MSR (banked register) names by R:M:M1 (DDI0487 F5.1.116 / G1.9.3 "Banked register
    /// access"): an X index, or -1 for SPSRs (see <paramref name="spsrMode"/>) and -2 for unallocated or Hyp/Monitor.
    /// </summary>
    public static int Banked(bool spsr, uint sysm, out uint spsrMode)
    {
        spsrMode = 0;
        if (spsr)
        {
            spsrMode = sysm switch
            {
                0b01110 => (uint)ProcessorMode.Fiq,
                0b10000 => (uint)ProcessorMode.Irq,
                0b10010 => (uint)ProcessorMode.Supervisor,
                0b10100 => (uint)ProcessorMode.Abort,
                0b10110 => (uint)ProcessorMode.Undefined,
                _ => 0,
            };
            return spsrMode == 0 ? -2 : -1;
        }

        return sysm switch
        {
            <= 0b00110 => 8 + (int)sysm,
            >= 0b01000 and <= 0b01110 => 24 + (int)(sysm - 0b01000),
            0b10000 => 16,
            0b10001 => 17,
            0b10010 => 18,
            0b10011 => 19,
            0b10100 => 20,
            0b10101 => 21,
            0b10110 => 22,
            0b10111 => 23,
            _ => -2,
        };
    }
}
