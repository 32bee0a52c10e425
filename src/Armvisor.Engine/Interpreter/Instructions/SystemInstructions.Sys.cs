using Armvisor.Arm64;
using Armvisor.Engine.Interpreter.Execution;
using Armvisor.Engine.Interpreter.Memory;

namespace Armvisor.Engine.Interpreter.Instructions;

/// <summary>
/// SYS (DDI0487 C5.3 "A64 System instructions"): DC, IC, AT and TLBI, with the EL0 enables of SCTLR_EL1 and the EL2
/// traps of HCR_EL2 (TSW, TPCP, TPU, TTLB, TDZ) in the architectural order. Other encodings are UNDEFINED.
/// </summary>
internal static unsafe partial class SystemInstructions
{
    private const ulong SctlrDze = 1UL << 14;
    private const ulong SctlrUci = 1UL << 26;
    private const ulong HcrTsw = 1UL << 22;
    private const ulong HcrTpcp = 1UL << 23;
    private const ulong HcrTpu = 1UL << 24;
    private const ulong HcrTtlb = 1UL << 25;
    private const ulong HcrTdz = 1UL << 28;

    /// <summary>op1:CRn:CRm:op2 of a SYS instruction (op0 = 1).</summary>
    private static int SysKey(int op1, int crn, int crm, int op2) => (op1 << 11) | (crn << 7) | (crm << 3) | op2;

    private static readonly int DcZva = SysKey(3, 7, 4, 1);
    private static readonly int DcIvac = SysKey(0, 7, 6, 1);
    private static readonly int DcIsw = SysKey(0, 7, 6, 2);
    private static readonly int DcCsw = SysKey(0, 7, 10, 2);
    private static readonly int DcCisw = SysKey(0, 7, 14, 2);
    private static readonly int DcCvac = SysKey(3, 7, 10, 1);
    private static readonly int DcCvau = SysKey(3, 7, 11, 1);
    private static readonly int DcCivac = SysKey(3, 7, 14, 1);
    private static readonly int IcIallu = SysKey(0, 7, 5, 0);
    private static readonly int IcIalluis = SysKey(0, 7, 1, 0);
    private static readonly int IcIvau = SysKey(3, 7, 5, 1);

    /// <summary>SYS: op1:CRn:CRm:op2 in Imm (the op0 = 1 key without op0).</summary>
    public static bool PrepareSys(uint raw, DecodedInstruction* d)
    {
        d->Imm = (raw >> 5) & 0x3FFF;
        d->Imm |= 1UL << 14;
        return true;
    }

    public static bool Sys(InterpreterVcpu v, DecodedInstruction* d)
    {
        int key = (int)(d->Imm & 0x3FFF);
        int op1 = key >> 11, crn = (key >> 7) & 0xF, crm = (key >> 3) & 0xF, op2 = key & 7;
        bool el0 = v.State.CurrentEl == 0;
        ulong hcr = v.Hcr;
        if (key == DcZva)
        {
            return CheckEl0Enable(v, d, SctlrDze) && CheckEl2Trap(v, d, hcr & HcrTdz) && DataCacheZero(v, d);
        }

        if (key == DcCvac || key == DcCivac)
        {
            return CheckEl0Enable(v, d, SctlrUci) && CheckEl2Trap(v, d, hcr & HcrTpcp) && CacheMaintenanceByVa(v, d);
        }

        if (key == DcCvau)
        {
            return CheckEl0Enable(v, d, SctlrUci) && CheckEl2Trap(v, d, hcr & HcrTpu) && CacheMaintenanceByVa(v, d);
        }

        if (key == IcIvau)
        {
            return CheckEl0Enable(v, d, SctlrUci) && CheckEl2Trap(v, d, hcr & HcrTpu) && InstructionCacheInvalidate(v, d);
        }

        if (el0)
        {
            v.RaiseUndefined(d);
            return false;
        }

        if (key == DcIvac)
        {
            return CheckEl2Trap(v, d, hcr & HcrTpcp) && CacheMaintenanceByVa(v, d);
        }

        if (key == DcIsw || key == DcCsw || key == DcCisw)
        {
            return CheckEl2Trap(v, d, hcr & HcrTsw);
        }

        if (key == IcIallu || key == IcIalluis)
        {
            if (!CheckEl2Trap(v, d, hcr & HcrTpu))
            {
                return false;
            }

            v.InvalidateAllBlocks(broadcast: key == IcIalluis);
            return true;
        }

        if (op1 == 0 && crn == 7 && crm == 8 && op2 <= 3)
        {
            return v.AddressTranslate(d, op2);
        }

        if (op1 == 0 && crn == 8 && (crm == 3 || crm == 7) && op2 is 0 or 1 or 2 or 3 or 5 or 7)
        {
            return CheckEl2Trap(v, d, hcr & HcrTtlb) && TlbInvalidate(v, d, op2, broadcast: crm == 3);
        }

        v.RaiseUndefined(d);
        return false;
    }

    /// <summary>SYSL: no SYSL encoding is allocated in this PE.</summary>
    public static bool Sysl(InterpreterVcpu v, DecodedInstruction* d)
    {
        v.RaiseUndefined(d);
        return false;
    }

    /// <summary>At EL0 the instruction needs its SCTLR_EL1 enable, else it traps to EL1 with EC 0x18.</summary>
    private static bool CheckEl0Enable(InterpreterVcpu v, DecodedInstruction* d, ulong sctlrBit)
    {
        if (v.State.CurrentEl != 0 || (v.Sctlr & sctlrBit) != 0)
        {
            return true;
        }

        v.RaiseSynchronous(d, TrapSyndrome(d, isRead: false), 0, d->Pc);
        return false;
    }

    /// <summary>An HCR_EL2 trap bit set: the instruction exits to EL2 with EC 0x18 (PC at the instruction).</summary>
    private static bool CheckEl2Trap(InterpreterVcpu v, DecodedInstruction* d, ulong trapBit)
    {
        if (trapBit == 0)
        {
            return true;
        }

        v.ExitToAgent(2, TrapSyndrome(d, isRead: false), d->Pc);
        return false;
    }

    /// <summary>DC ZVA: zeroes the 64-byte block (DCZID_EL0.BS = 4) containing Xt, through the write path.</summary>
    private static bool DataCacheZero(InterpreterVcpu v, DecodedInstruction* d)
    {
        ulong address = v.X[d->Rd] & ~63UL;
        for (int i = 0; i < 8; i++)
        {
            if (!v.TryWrite(address + ((ulong)i * 8), d, 0UL))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>DC by VA: no cache to maintain, but the address is translated and may fault (ISS CM=1, DDI0487 D24.2.40).</summary>
    private static bool CacheMaintenanceByVa(InterpreterVcpu v, DecodedInstruction* d) =>
        v.TryTranslate(v.X[d->Rd], AccessKind.Read, d, out _);

    /// <summary>IC IVAU: the blocks decoded from the page of Xt are dropped.</summary>
    private static bool InstructionCacheInvalidate(InterpreterVcpu v, DecodedInstruction* d)
    {
        if (!v.TryTranslate(v.X[d->Rd], AccessKind.Read, d, out ulong physical))
        {
            return false;
        }

        v.InvalidateBlocksAt(physical);
        return true;
    }

    /// <summary>
    /// TLBI VMALLE1, VAE1, ASIDE1, VAAE1, VALE1, VAALE1 (op2 0, 1, 2, 3, 5, 7) and their IS forms: by-VA forms drop one
    /// page (Xt[43:0] = VA[55:12]); the rest drop everything (ASIDs are not tagged, so over-invalidation is exact enough).
    /// </summary>
    private static bool TlbInvalidate(InterpreterVcpu v, DecodedInstruction* d, int op2, bool broadcast)
    {
        bool all = op2 is 0 or 2;
        ulong va = (ulong)((long)((v.X[d->Rd] & 0xFFF_FFFF_FFFF) << 20) >> 8);
        v.InvalidateTlb(va, all, broadcast);
        return true;
    }
}
