using Armvisor.Arm64;
using Armvisor.Engine.Execution;
using Armvisor.Engine.Interpreter;
using Armvisor.Engine.SystemLevel;

namespace Armvisor.Engine.A64.Instructions;

// SAFETY: handlers run only from a block: d points at that block's pinned record, and v.X/v.V are the vCPU's pinned
// register files indexed by 5-bit register numbers (0..31), so every pointer access stays in bounds.
/// <summary>
/// MRS, MSR (register and immediate) and the special-purpose registers they reach directly (DDI0487 C5.2: NZCV, DAIF,
/// CurrentEL, SPSel, PAN, SP_EL0, FPCR, FPSR); everything else goes to the System-register file, whose answer is
/// OK, UNDEFINED or a trap to EL2 (EC 0x18 with the SysRegIss).
/// </summary>
internal static unsafe partial class SystemInstructions
{
    private const ulong SctlrUma = 1UL << 9;

    /// <summary>The 16-bit System-register key (op0:op1:CRn:CRm:op2, bits [20:5]) in Imm.</summary>
    public static bool PrepareSystemRegister(uint raw, DecodedInstruction* d)
    {
        d->Imm = (raw >> 5) & 0xFFFF;
        return true;
    }

    /// <summary>MSR (immediate): op1:op2 select the PSTATE field, CRm is the value.</summary>
    public static bool PrepareMsrImmediate(uint raw, DecodedInstruction* d)
    {
        int op1 = (int)(raw >> 16) & 7, op2 = (int)(raw >> 5) & 7;
        d->Option = (byte)((op1 << 3) | op2);
        d->Imm = (raw >> 8) & 0xF;
        d->Handler = d->Option switch
        {
            0b000_101 => &MsrSpSel,
            0b011_110 => &MsrDaifSet,
            0b011_111 => &MsrDaifClear,
            0b000_100 => &MsrPan,
            _ => null,
        };
        return d->Handler != null;
    }

    private static ExceptionSyndrome TrapSyndrome(DecodedInstruction* d, bool isRead) =>
        ExceptionSyndrome.Create(ExceptionClass.TrappedMsrMrs,
            SysRegIss.Create(SystemRegisterEncoding.FromKey((ushort)d->Imm), d->Rd, isRead).Value);

    /// <summary>MSR SPSel, #imm: UNDEFINED at EL0.</summary>
    public static bool MsrSpSel(InterpreterVcpu v, DecodedInstruction* d)
    {
        if (v.State.CurrentEl == 0)
        {
            v.RaiseUndefined(d);
            return false;
        }

        v.State.SpSel = (d->Imm & 1) != 0;
        return true;
    }

    /// <summary>MSR PAN, #imm (FEAT_PAN): UNDEFINED at EL0.</summary>
    public static bool MsrPan(InterpreterVcpu v, DecodedInstruction* d)
    {
        if (v.State.CurrentEl == 0)
        {
            v.RaiseUndefined(d);
            return false;
        }

        v.State.Pan = (d->Imm & 1) != 0;
        v.UpdateRegime();
        return true;
    }

    public static bool MsrDaifSet(InterpreterVcpu v, DecodedInstruction* d)
    {
        if (!DaifAccessible(v, d, isRead: false))
        {
            return false;
        }

        v.State.Daif |= (uint)d->Imm << 6;
        return true;
    }

    public static bool MsrDaifClear(InterpreterVcpu v, DecodedInstruction* d)
    {
        if (!DaifAccessible(v, d, isRead: false))
        {
            return false;
        }

        v.State.Daif &= ~((uint)d->Imm << 6);
        return true;
    }

    /// <summary>DAIF at EL0 needs SCTLR_EL1.UMA, else it traps to EL1 with EC 0x18.</summary>
    private static bool DaifAccessible(InterpreterVcpu v, DecodedInstruction* d, bool isRead)
    {
        if (v.State.CurrentEl != 0 || (v.Sctlr & SctlrUma) != 0)
        {
            return true;
        }

        uint iss = d->Imm <= 0xF
            ? (0b011u << 14) | (0b0100u << 10) | (0b11111u << 5) | ((d->Option & 7u) << 17) | ((uint)d->Imm << 1)
            : TrapSyndrome(d, isRead).Iss;
        v.RaiseSynchronous(d, ExceptionSyndrome.Create(ExceptionClass.TrappedMsrMrs, iss), 0, d->Pc);
        return false;
    }

    /// <summary>MRS Xt, (system register): NZCV directly, everything else through the System-register file.</summary>
    public static bool Mrs(InterpreterVcpu v, DecodedInstruction* d)
    {
        ushort key = (ushort)d->Imm;
        if (key == SysRegKeys.Nzcv)
        {
            v.WriteX(d->Rd, v.State.Nzcv);
            return true;
        }

        v.SyncDeterministicCounter();
        SysRegAccess access = v.Registers.Read(v.State, key, out ulong value);
        if (!v.ResolveAccess(d, access, TrapSyndrome(d, isRead: true)))
        {
            return false;
        }

        v.WriteX(d->Rd, value);
        return true;
    }

    /// <summary>MSR (system register), Xt: then acts on what the write made stale (TLB, regime, trap caches).</summary>
    public static bool MsrRegister(InterpreterVcpu v, DecodedInstruction* d)
    {
        ushort key = (ushort)d->Imm;
        ulong value = v.X[d->Rd];
        if (key == SysRegKeys.Nzcv)
        {
            v.State.Nzcv = (uint)value & 0xF000_0000;
            return true;
        }

        SysRegAccess access = v.Registers.Write(v.State, key, value);
        if (!v.ResolveAccess(d, access, TrapSyndrome(d, isRead: false)))
        {
            return false;
        }

        v.ApplySystemRegisterEffects();
        return true;
    }
}
