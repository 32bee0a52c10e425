using System.Numerics;
using Armvisor.Engine.AArch32.Cpu;
using Armvisor.Engine.Interpreter;
using Armvisor.Engine.Execution;

namespace Armvisor.Engine.AArch32.Semantics;

// SAFETY: as A32Exceptions.
/// <summary>
/// LDM/STM in the four addressing modes (IA, IB, DA, DB; PUSH/POP are STMDB/LDMIA SP!), with write-back, and the
/// S-bit forms (DDI0487 F5.1: LDM (exception return) with the PC in the list restores CPSR from SPSR; LDM/STM (User
/// registers) without the PC transfer R8-R14 of User mode). Lowest register at the lowest address; word alignment is
/// required. All loads complete before any register changes, so an abort leaves the registers as they were.
/// UNPREDICTABLE forms (empty list, Rn = PC, write-back with the user-register forms or with a loaded base, S in
/// usr/sys) are UNDEFINED.
/// </summary>
internal static unsafe class A32LoadStoreMultiple
{
    public static bool Prepare(uint raw, DecodedInstruction* d)
    {
        d->Rn = (byte)((raw >> 16) & 0xF);
        uint list = raw & 0xFFFF;
        d->Imm = list;
        bool s = (raw & (1u << 22)) != 0, w = (raw & (1u << 21)) != 0, l = (raw & (1u << 20)) != 0;
        bool userRegisters = s && (!l || (list & 0x8000) == 0);
        // LDM with write-back and the base in the list is UNPREDICTABLE since ARMv7 (F5.1.x LDM): UNDEFINED here.
        bool loadsWrittenBase = l && w && (list & (1u << d->Rn)) != 0;
        return list != 0 && d->Rn != 15 && !(userRegisters && w) && !loadsWrittenBase;
    }

    public static bool Execute(InterpreterVcpu v, DecodedInstruction* d)
    {
        uint raw = d->Raw;
        bool p = (raw & (1u << 24)) != 0, u = (raw & (1u << 23)) != 0, s = (raw & (1u << 22)) != 0;
        bool w = (raw & (1u << 21)) != 0, l = (raw & (1u << 20)) != 0;
        uint list = (uint)d->Imm;
        uint count = (uint)BitOperations.PopCount(list);
        uint baseValue = v.R(d, d->Rn);
        uint start = u ? (p ? baseValue + 4 : baseValue) : (p ? baseValue - (4 * count) : baseValue - (4 * count) + 4);
        uint written = u ? baseValue + (4 * count) : baseValue - (4 * count);
        bool exceptionReturn = s && l && (list & 0x8000) != 0;
        bool userRegisters = s && !exceptionReturn;
        uint mode = v.State.Mode;
        if (s && (mode == (uint)ProcessorMode.User || mode == (uint)ProcessorMode.System))
        {
            v.RaiseUndefined(d);
            return false;
        }

        if ((start & 3) != 0)
        {
            v.RaiseAlignmentFault(start, d, write: !l);
            return false;
        }

        d->Iss = 0;
        uint transferMode = userRegisters ? (uint)ProcessorMode.User : mode;
        if (!l)
        {
            uint address = start;
            for (int r = 0; r < 16; r++)
            {
                if ((list & (1u << r)) == 0)
                {
                    continue;
                }

                uint value = r == 15 ? v.R(d, 15) : v.ReadModeRegister(transferMode, r);
                if (!v.TryWrite(address, d, value))
                {
                    return false;
                }

                address += 4;
            }

            if (w)
            {
                v.WriteR(d->Rn, written);
            }

            return true;
        }

        uint* values = stackalloc uint[16];
        uint at = start;
        for (int r = 0; r < 16; r++)
        {
            if ((list & (1u << r)) != 0)
            {
                if (!v.TryRead(at, d, out values[r]))
                {
                    return false;
                }

                at += 4;
            }
        }

        if (w && (list & (1u << d->Rn)) == 0)
        {
            v.WriteR(d->Rn, written);
        }

        for (int r = 0; r < 15; r++)
        {
            if ((list & (1u << r)) != 0)
            {
                v.WriteModeRegister(transferMode, r, values[r]);
            }
        }

        if ((list & 0x8000) == 0)
        {
            return true;
        }

        if (exceptionReturn)
        {
            v.TryReadSpsr(out uint spsr);
            v.A32ExceptionReturn(values[15], spsr);
            return false;
        }

        return v.BranchExchange(values[15]);
    }
}
