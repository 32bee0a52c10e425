using System.Runtime.CompilerServices;
using Armvisor.Engine.Execution;
using Armvisor.Engine.Interpreter;

namespace Armvisor.Engine.A64.Instructions;

// SAFETY: handlers run only from a block: d points at that block's pinned record, and v.X/v.V are the vCPU's pinned
// register files indexed by 5-bit register numbers (0..31), so every pointer access stays in bounds.
/// <summary>
/// Single-register loads and stores in every addressing mode (DDI0487 C4.1.88): unsigned offset, unscaled, pre- and
/// post-index, register offset, unprivileged, literal. Each mode is a generic handler specialised per transfer.
/// </summary>
internal static unsafe class LoadStoreInstructions
{
    // ---- Prepare ----

    /// <summary>log2 of the access size: size, or 4 for the 128-bit SIMD&amp;FP form (V=1, size=00, opc=1x).</summary>
    private static int Scale(uint raw)
    {
        int size = (int)(raw >> 30);
        bool simd = ((raw >> 26) & 1) != 0;
        return simd && size == 0 && ((raw >> 23) & 1) != 0 ? 4 : size;
    }

    /// <summary>
    /// Size, sign-extension flags and the ISS template of a general-purpose single-register transfer (ISV=1, SAS, SSE,
    /// SRT, SF; DDI0487 D24.2.40). SIMD&amp;FP transfers and write-back forms report ISV=0.
    /// </summary>
    private static void SetTransfer(uint raw, DecodedInstruction* d, bool syndromeValid)
    {
        int scale = Scale(raw);
        int opc = (int)(raw >> 22) & 3;
        bool simd = ((raw >> 26) & 1) != 0;
        d->Size = (byte)(1 << scale);
        if (!simd && opc == 3)
        {
            d->Flags |= InstructionFlags.Signed32;
        }

        if (!syndromeValid || simd)
        {
            return;
        }

        bool signed = opc >= 2;
        bool sixtyFour = signed ? opc == 2 : scale == 3;
        d->Iss = (1u << 24) | ((uint)scale << 22) | (signed ? 1u << 21 : 0) | ((uint)d->Rd << 16) | (sixtyFour ? 1u << 15 : 0);
    }

    private static ulong SignExtend9(uint raw) => (ulong)(((long)((raw >> 12) & 0x1FF) << 55) >> 55);

    public static bool PrepareUnsignedOffset(uint raw, DecodedInstruction* d)
    {
        d->Imm = ((raw >> 10) & 0xFFF) << Scale(raw);
        SetTransfer(raw, d, syndromeValid: true);
        return true;
    }

    public static bool PrepareUnscaled(uint raw, DecodedInstruction* d)
    {
        d->Imm = SignExtend9(raw);
        SetTransfer(raw, d, syndromeValid: true);
        return true;
    }

    public static bool PreparePreIndex(uint raw, DecodedInstruction* d)
    {
        d->Imm = SignExtend9(raw);
        d->Flags = InstructionFlags.WriteBack;
        SetTransfer(raw, d, syndromeValid: false);
        return true;
    }

    public static bool PreparePostIndex(uint raw, DecodedInstruction* d)
    {
        d->Imm = SignExtend9(raw);
        d->Flags = InstructionFlags.WriteBack | InstructionFlags.PostIndex;
        SetTransfer(raw, d, syndromeValid: false);
        return true;
    }

    /// <summary>Register offset: option&lt;1&gt; must be 1 (UXTW, LSL, SXTW, SXTX); S scales the index by the access size.</summary>
    public static bool PrepareRegisterOffset(uint raw, DecodedInstruction* d)
    {
        int option = (int)(raw >> 13) & 7;
        if ((option & 2) == 0)
        {
            return false;
        }

        d->Option = (byte)option;
        d->Shift = (byte)(((raw >> 12) & 1) != 0 ? Scale(raw) : 0);
        SetTransfer(raw, d, syndromeValid: true);
        return true;
    }

    /// <summary>Literal: PC + sext(imm19) * 4; the size comes from opc (00 W/S, 01 X/D, 10 SW/Q, 11 PRFM).</summary>
    public static bool PrepareLiteral(uint raw, DecodedInstruction* d)
    {
        d->Imm = d->Pc + (ulong)(((long)((raw >> 5) & 0x7FFFF) << 45) >> 43);
        int opc = (int)(raw >> 30);
        bool simd = ((raw >> 26) & 1) != 0;
        int scale = simd ? 2 + opc : opc == 1 ? 3 : 2;
        d->Size = (byte)(1 << scale);
        if (!simd)
        {
            bool signed = opc == 2;
            d->Iss = (1u << 24) | ((uint)scale << 22) | (signed ? 1u << 21 : 0) | ((uint)d->Rd << 16) | (opc != 0 ? 1u << 15 : 0);
        }

        return true;
    }

    // ---- Handlers ----

    /// <summary>Unsigned offset, unscaled (LDUR/STUR) and literal-free base + immediate forms.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool Offset<T>(InterpreterVcpu v, DecodedInstruction* d) where T : struct, IMemoryTransfer
    {
        if ((T.IsSimd && !v.CheckFpAccess(d)) || !v.TryReadBase(d, out ulong address))
        {
            return false;
        }

        return T.Transfer(v, address + d->Imm, d);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool PreIndex<T>(InterpreterVcpu v, DecodedInstruction* d) where T : struct, IMemoryTransfer
    {
        if ((T.IsSimd && !v.CheckFpAccess(d)) || !v.TryReadBase(d, out ulong address))
        {
            return false;
        }

        address += d->Imm;
        if (!T.Transfer(v, address, d))
        {
            return false;
        }

        v.WriteXOrSp(d->Rn, address);
        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool PostIndex<T>(InterpreterVcpu v, DecodedInstruction* d) where T : struct, IMemoryTransfer
    {
        if ((T.IsSimd && !v.CheckFpAccess(d)) || !v.TryReadBase(d, out ulong address))
        {
            return false;
        }

        if (!T.Transfer(v, address, d))
        {
            return false;
        }

        v.WriteXOrSp(d->Rn, address + d->Imm);
        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool RegisterOffset<T>(InterpreterVcpu v, DecodedInstruction* d) where T : struct, IMemoryTransfer
    {
        if ((T.IsSimd && !v.CheckFpAccess(d)) || !v.TryReadBase(d, out ulong address))
        {
            return false;
        }

        return T.Transfer(v, address + Alu.Extend(v.X[d->Rm], d->Option, d->Shift), d);
    }

    /// <summary>LDTR/STTR family: at EL1 the access is checked as if from EL0 (DDI0487 C3.2.5).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool Unprivileged<T>(InterpreterVcpu v, DecodedInstruction* d) where T : struct, IMemoryTransfer
    {
        if (!v.TryReadBase(d, out ulong address))
        {
            return false;
        }

        v.BeginUnprivilegedAccess();
        bool ok = T.Transfer(v, address + d->Imm, d);
        v.UpdateRegime();
        return ok;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool Literal<T>(InterpreterVcpu v, DecodedInstruction* d) where T : struct, IMemoryTransfer
    {
        if (T.IsSimd && !v.CheckFpAccess(d))
        {
            return false;
        }

        return T.Transfer(v, d->Imm, d);
    }
}
