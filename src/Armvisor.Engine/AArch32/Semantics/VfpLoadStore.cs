using Armvisor.Engine.Interpreter;
using Armvisor.Engine.Execution;

namespace Armvisor.Engine.AArch32.Semantics;

// SAFETY: as VfpDataProcessing; Prepare bounds first register + count by 32.
/// <summary>
/// Extension register loads and stores (DDI0487 F5.1 VLDR, VSTR, VLDM, VSTM, VPUSH, VPOP, FLDMX/FSTMX): word accesses
/// through MemA (an unaligned address takes an Alignment fault whatever SCTLR.A says), a doubleword as two words, low
/// word first (little-endian data). VLDM/VSTM: increment after (with or without write-back) or decrement before with
/// write-back; imm8 words, so an odd imm8 with sz = 1 (FLDMX/FSTMX) moves imm8 / 2 registers and writes back imm8
/// words. Zero registers, more than 16 doubles or a list beyond S31/D31, and write-back with Rn = PC are UNPREDICTABLE,
/// declared UNDEFINED.
/// </summary>
internal static unsafe class VfpLoadStore
{
    private const byte Load = 1, Add = 2, WriteBack = 4, Double = 8, PreIndexed = 16;

    /// <summary>VLDR/VSTR: imm8 words of offset, U adds; Rn = PC reads Align(PC, 4), PC being + 8 in A32 and + 4 in T32.</summary>
    public static bool PrepareSingle(uint raw, DecodedInstruction* d)
    {
        bool dp = VfpOperands.IsDouble(raw);
        d->Rd = VfpOperands.RegisterD(raw, dp);
        d->Rn = (byte)((raw >> 16) & 0xF);
        d->Imm = (raw & 0xFF) << 2;
        d->Flags = (byte)(((raw & (1u << 20)) != 0 ? Load : 0) | ((raw & (1u << 23)) != 0 ? Add : 0) | (dp ? Double : 0));
        return true;
    }

    public static bool Single(InterpreterVcpu v, DecodedInstruction* d)
    {
        if (!v.CheckVfpAccess(d))
        {
            return false;
        }

        uint baseValue = d->Rn == 15 ? v.R(d, 15) & ~3u : v.R(d, d->Rn);
        uint address = (d->Flags & Add) != 0 ? baseValue + (uint)d->Imm : baseValue - (uint)d->Imm;
        return Transfer(v, d, address, d->Rd, (d->Flags & Double) != 0, (d->Flags & Load) != 0);
    }

    /// <summary>VLDM/VSTM: P:U:W = 010 / 011 increment after, 101 decrement before with write-back (other rows).</summary>
    public static bool PrepareMultiple(uint raw, DecodedInstruction* d)
    {
        bool dp = VfpOperands.IsDouble(raw);
        bool p = (raw & (1u << 24)) != 0, u = (raw & (1u << 23)) != 0, w = (raw & (1u << 21)) != 0;
        d->Rd = VfpOperands.RegisterD(raw, dp);
        d->Rn = (byte)((raw >> 16) & 0xF);
        uint imm8 = raw & 0xFF;
        d->Imm = imm8 << 2;
        int registers = (int)(dp ? imm8 / 2 : imm8);
        d->Size = (byte)registers;
        d->Flags = (byte)(((raw & (1u << 20)) != 0 ? Load : 0) | (u ? Add : 0) | (w ? WriteBack : 0) | (dp ? Double : 0)
            | (p ? PreIndexed : 0));
        if (p == u || (p && !w))
        {
            return false; // P = U is VLDR/VSTR or UNDEFINED, P = 1 without W is VLDR/VSTR
        }

        return registers != 0 && (!dp || registers <= 16) && d->Rd + registers <= 32 && !(w && d->Rn == 15);
    }

    public static bool Multiple(InterpreterVcpu v, DecodedInstruction* d)
    {
        if (!v.CheckVfpAccess(d))
        {
            return false;
        }

        uint baseValue = v.R(d, d->Rn);
        uint address = (d->Flags & Add) != 0 ? baseValue : baseValue - (uint)d->Imm;
        bool dp = (d->Flags & Double) != 0, load = (d->Flags & Load) != 0;
        for (int i = 0; i < d->Size; i++)
        {
            if (!Transfer(v, d, address, d->Rd + i, dp, load))
            {
                return false;
            }

            address += dp ? 8u : 4u;
        }

        if ((d->Flags & WriteBack) != 0)
        {
            v.WriteR(d->Rn, (d->Flags & Add) != 0 ? baseValue + (uint)d->Imm : baseValue - (uint)d->Imm);
        }

        return true;
    }

    private static bool Transfer(InterpreterVcpu v, DecodedInstruction* d, uint address, int register, bool dp, bool load)
    {
        if ((address & 3) != 0)
        {
            v.RaiseAlignmentFault(address, d, write: !load);
            return false;
        }

        if (load)
        {
            if (!dp)
            {
                if (!v.TryRead(address, d, out uint word))
                {
                    return false;
                }

                v.WriteS(register, word);
                return true;
            }

            if (!v.TryRead(address, d, out uint low) || !v.TryRead(address + 4, d, out uint high))
            {
                return false;
            }

            v.WriteD(register, ((ulong)high << 32) | low);
            return true;
        }

        if (!dp)
        {
            return v.TryWrite(address, d, v.ReadS(register));
        }

        ulong value = v.ReadD(register);
        return v.TryWrite(address, d, (uint)value) && v.TryWrite(address + 4, d, (uint)(value >> 32));
    }
}
