using Armvisor.Engine.Interpreter;
using Armvisor.Engine.Execution;

namespace Armvisor.Engine.AArch32.Semantics;

// SAFETY: as A32Exceptions.
/// <summary>
/// A32 single loads and stores in every addressing mode (DDI0487 F5.1: LDR/STR/LDRB/STRB with immediate or scaled
/// register offsets, LDRH/STRH/LDRSB/LDRSH/LDRD/STRD with immediate or register offsets; offset, pre-indexed and
/// post-indexed; the unprivileged T forms for P = 0, W = 1). A load to the PC is LoadWritePC (interworking); the
/// UNPREDICTABLE register combinations (write-back to the PC or to the loaded register, odd LDRD/STRD pairs, PC as a
/// byte/halfword destination or offset register) are UNDEFINED. Single accesses without write-back give a valid ISS
/// (SAS, SSE, SRT = the AArch64 view of Rt) so that a stage-2 abort is emulatable MMIO.
/// </summary>
internal static unsafe class A32LoadStore
{
    public const byte Load = 1;
    public const byte PreIndex = 2;
    public const byte Add = 4;
    public const byte WriteBack = 8;
    public const byte SignExtend = 16;
    public const byte RegisterOffset = 32;
    public const byte Unprivileged = 64;

    private static bool PrepareCommon(uint raw, DecodedInstruction* d, int size, bool signExtend)
    {
        bool p = (raw & (1u << 24)) != 0, u = (raw & (1u << 23)) != 0, w = (raw & (1u << 21)) != 0, l = (raw & (1u << 20)) != 0;
        d->Rn = (byte)((raw >> 16) & 0xF);
        d->Rd = (byte)((raw >> 12) & 0xF);
        d->Size = (byte)size;
        bool writeBack = !p || w;
        d->Flags = (byte)((l ? Load : 0) | (p ? PreIndex : 0) | (u ? Add : 0) | (writeBack ? WriteBack : 0)
            | (signExtend ? SignExtend : 0) | (!p && w ? Unprivileged : 0));
        if (writeBack && (d->Rn == 15 || (l && d->Rn == d->Rd) || (size == 8 && l && d->Rn == d->Rd + 1)))
        {
            return false;
        }

        if (size == 8 && ((d->Rd & 1) != 0 || d->Rd == 14 || (!p && w)))
        {
            return false;
        }

        return size >= 4 || !l || d->Rd != 15;
    }

    private static bool PrepareRegisterOffset(uint raw, DecodedInstruction* d)
    {
        d->Rm = (byte)(raw & 0xF);
        d->Flags |= RegisterOffset;
        // Rm = PC is UNPREDICTABLE, and so is Rm = Rn with write-back.
        return d->Rm != 15 && ((d->Flags & WriteBack) == 0 || d->Rm != d->Rn);
    }

    public static bool PrepareWordByteImmediate(uint raw, DecodedInstruction* d)
    {
        d->Imm = raw & 0xFFF;
        return PrepareCommon(raw, d, (raw & (1u << 22)) != 0 ? 1 : 4, false);
    }

    public static bool PrepareWordByteRegister(uint raw, DecodedInstruction* d)
    {
        d->Shift = (byte)((raw >> 7) & 0x1F);
        d->Ra = (byte)((raw >> 5) & 3);
        return PrepareCommon(raw, d, (raw & (1u << 22)) != 0 ? 1 : 4, false) && PrepareRegisterOffset(raw, d);
    }

    /// <summary>op2 (bits [6:5]) with L: 01 STRH/LDRH, 10 LDRD/LDRSB, 11 STRD/LDRSH.</summary>
    private static bool PrepareExtra(uint raw, DecodedInstruction* d)
    {
        int op2 = (int)((raw >> 5) & 3);
        bool l = (raw & (1u << 20)) != 0;
        (int size, bool signExtend, bool load) = op2 switch
        {
            1 => (2, false, l),
            2 => l ? (1, true, true) : (8, false, true),
            _ => l ? (2, true, true) : (8, false, false),
        };
        if (!PrepareCommon(raw, d, size, signExtend))
        {
            return false;
        }

        // LDRD is op2 = 10 with L = 0, STRD op2 = 11 with L = 0: the direction is not bit 20 for them. Option holds
        // Rt2 (Rt + 1 in A32; T32 encodes it).
        d->Option = (byte)(d->Rd + 1);
        d->Flags = (byte)((d->Flags & ~Load) | (load ? Load : 0));
        if (size == 8 && load && (d->Flags & WriteBack) != 0 && (d->Rn == d->Rd || d->Rn == d->Rd + 1))
        {
            return false;
        }

        return true;
    }

    public static bool PrepareExtraImmediate(uint raw, DecodedInstruction* d)
    {
        d->Imm = ((raw >> 4) & 0xF0) | (raw & 0xF);
        return PrepareExtra(raw, d);
    }

    public static bool PrepareExtraRegister(uint raw, DecodedInstruction* d) =>
        PrepareExtra(raw, d) && PrepareRegisterOffset(raw, d)
        && (d->Size != 8 || (d->Rm != d->Rd && d->Rm != d->Rd + 1) || (d->Flags & Load) == 0);

    /// <summary>The data-abort ISS: ISV, SAS, SSE, SRT (AArch64 view), for single accesses without write-back (D17.2.37).</summary>
    private static uint Syndrome(InterpreterVcpu v, DecodedInstruction* d)
    {
        if ((d->Flags & WriteBack) != 0 || d->Size == 8 || d->Rd == 15)
        {
            return 0;
        }

        uint sas = d->Size switch { 1 => 0u, 2 => 1u, _ => 2u };
        return (1u << 24) | (sas << 22) | ((d->Flags & SignExtend) != 0 ? 1u << 21 : 0) | ((uint)v.XIndex(d->Rd) << 16);
    }

    public static bool Single(InterpreterVcpu v, DecodedInstruction* d)
    {
        byte flags = d->Flags;
        uint offset = Offset(v, d);
        // Literal forms use Align(PC, 4): PC + 8 in A32, PC + 4 in T32 (F1.2.1).
        uint baseValue = d->Rn == 15 ? v.R(d, 15) & ~3u : v.R(d, d->Rn);
        uint offsetAddress = (flags & Add) != 0 ? baseValue + offset : baseValue - offset;
        uint address = (flags & PreIndex) != 0 ? offsetAddress : baseValue;
        bool unprivileged = (flags & Unprivileged) != 0;
        d->Iss = Syndrome(v, d);
        if ((flags & Load) != 0)
        {
            if (!LoadValue(v, d, address, unprivileged, out uint value, out uint value2))
            {
                return false;
            }

            if ((flags & WriteBack) != 0)
            {
                v.WriteR(d->Rn, offsetAddress);
            }

            if (d->Size == 8)
            {
                v.WriteR(d->Rd, value);
                v.WriteR(d->Option, value2);
            }
            else if (d->Rd == 15)
            {
                // LoadWritePC; an address with bits [1:0] != 00 is UNPREDICTABLE (the branch goes where the word says).
                return v.BranchExchange(value);
            }
            else
            {
                v.WriteR(d->Rd, value);
            }

            return true;
        }

        if (!StoreValue(v, d, address, unprivileged))
        {
            return false;
        }

        if ((flags & WriteBack) != 0)
        {
            v.WriteR(d->Rn, offsetAddress);
        }

        return true;
    }

    /// <summary>imm12/imm8, or the register offset shifted as encoded (the shifter's carry is not used).</summary>
    private static uint Offset(InterpreterVcpu v, DecodedInstruction* d)
    {
        if ((d->Flags & RegisterOffset) == 0)
        {
            return (uint)d->Imm;
        }

        bool carry = (v.State.Nzcv & (1u << 29)) != 0;
        return A32Shifter.ShiftImmediate(v.R(d, d->Rm), d->Ra, d->Shift, carry, out _);
    }

    private static bool LoadValue(InterpreterVcpu v, DecodedInstruction* d, uint address, bool unprivileged, out uint value, out uint value2)
    {
        value2 = 0;
        switch (d->Size)
        {
            case 1:
            {
                bool ok = unprivileged ? v.TryReadUnprivileged(address, d, out byte b) : v.TryRead(address, d, out b);
                value = (d->Flags & SignExtend) != 0 ? (uint)(sbyte)b : b;
                return ok;
            }

            case 2:
            {
                bool ok = unprivileged ? v.TryReadUnprivileged(address, d, out ushort h) : v.TryRead(address, d, out h);
                value = (d->Flags & SignExtend) != 0 ? (uint)(short)h : h;
                return ok;
            }

            case 4:
                return unprivileged ? v.TryReadUnprivileged(address, d, out value) : v.TryRead(address, d, out value);
            default:
                // LDRD: word-aligned (an Alignment fault otherwise, even with SCTLR.A = 0), both words read first.
                value = 0;
                if ((address & 3) != 0)
                {
                    v.RaiseAlignmentFault(address, d, write: false);
                    return false;
                }

                return v.TryRead(address, d, out value) && v.TryRead(address + 4, d, out value2);
        }
    }

    private static bool StoreValue(InterpreterVcpu v, DecodedInstruction* d, uint address, bool unprivileged)
    {
        uint value = v.R(d, d->Rd);
        switch (d->Size)
        {
            case 1:
                return unprivileged ? v.TryWriteUnprivileged(address, d, (byte)value) : v.TryWrite(address, d, (byte)value);
            case 2:
                return unprivileged ? v.TryWriteUnprivileged(address, d, (ushort)value) : v.TryWrite(address, d, (ushort)value);
            case 4:
                return unprivileged ? v.TryWriteUnprivileged(address, d, value) : v.TryWrite(address, d, value);
            default:
                if ((address & 3) != 0)
                {
                    v.RaiseAlignmentFault(address, d, write: true);
                    return false;
                }

                return v.TryWrite(address, d, value) && v.TryWrite(address + 4, d, v.R(d, d->Option));
        }
    }
}
