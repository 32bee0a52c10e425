using Armvisor.Engine.Execution;

namespace Armvisor.Engine.AArch32.Semantics;

// SAFETY: d points at the decoder's record for the instruction being prepared.
/// <summary>
/// The VFP register fields (DDI0487 F5.1 "Floating-point register encoding"): a single-precision register is
/// Vx:x (S0-S31), a double-precision register x:Vx (D0-D31, VFPv3-D32), for x = D (Vd, bits [15:12], D bit 22),
/// N (Vn, [19:16], bit 7) and M (Vm, [3:0], bit 5).
/// </summary>
internal static unsafe class VfpOperands
{
    /// <summary>The sz bit (bit 8): 1 for double precision.</summary>
    public static bool IsDouble(uint raw) => (raw & (1u << 8)) != 0;

    public static byte RegisterD(uint raw, bool dp) =>
        (byte)(dp ? ((raw >> 18) & 0x10) | ((raw >> 12) & 0xF) : ((raw >> 11) & 0x1E) | ((raw >> 22) & 1));

    public static byte RegisterN(uint raw, bool dp) =>
        (byte)(dp ? ((raw >> 3) & 0x10) | ((raw >> 16) & 0xF) : ((raw >> 15) & 0x1E) | ((raw >> 7) & 1));

    public static byte RegisterM(uint raw, bool dp) =>
        (byte)(dp ? ((raw >> 1) & 0x10) | (raw & 0xF) : ((raw << 1) & 0x1E) | ((raw >> 5) & 1));

    /// <summary>Rd, Rn, Rm from the D/N/M fields and Size = 2 (single) or 3 (double) from sz.</summary>
    public static void ThreeRegisters(uint raw, DecodedInstruction* d)
    {
        bool dp = IsDouble(raw);
        d->Size = (byte)(dp ? 3 : 2);
        d->Rd = RegisterD(raw, dp);
        d->Rn = RegisterN(raw, dp);
        d->Rm = RegisterM(raw, dp);
    }
}
