using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Armvisor.Engine.AArch32.Cpu;
using Armvisor.Engine.AArch32.Decoding;
using Armvisor.Engine.Execution;
using Armvisor.Engine.Tlb;
using Armvisor.Engine.SystemLevel;

namespace Armvisor.Engine.Interpreter;

/// <summary>
/// AArch32 state of the vCPU (PSTATE.nRW = 1): the mode-banked view of the AArch64 register file, CPSR/SPSR, and the
/// A32 run loop (the T32 path: InterpreterVcpu.T32.cs). Interpreted only: each instruction word is decoded once into a direct-mapped cache keyed by the word
/// itself (so self-modifying code needs no tracking) and executed through its row's handler.
/// </summary>
public sealed unsafe partial class InterpreterVcpu
{
    private const int A32CacheBits = 12;

    /// <summary>Instructions between two reads of the counter for timer conditions.</summary>
    private const int A32TimerCheckInterval = 1024;

    private const uint SctlrTe = 1u << 30;
    private const uint SctlrEe = 1u << 25;
    private const uint SctlrV = 1u << 13;

    private byte[] _a32Map = BankedRegisterMap.For((uint)ProcessorMode.Supervisor)!;
    private DecodedInstruction[]? _a32Decoded;

    /// <summary>The X index of R<paramref name="n"/> (n &lt; 15) in the current mode: the AArch64 view of the register.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal int XIndex(int n) => _a32Map[n];

    /// <summary>R<paramref name="n"/> as an operand: R15 reads as the instruction's address + 8 in A32, + 4 in T32
    /// (DDI0487 F1.2.1, "Use of the PC"; the literal forms align it themselves).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal uint R(DecodedInstruction* d, int n) => n == 15 ? (uint)d->Pc + (State.Thumb ? 4u : 8u) : (uint)X[_a32Map[n]];

    /// <summary>The address of the instruction after <paramref name="d"/> (its length is 4 in A32, 2 or 4 in T32).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static uint NextPc(DecodedInstruction* d) => (uint)d->Pc + d->Length;

    /// <summary>Writes R0..R14 of the current mode (the upper half of the X register becomes zero).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal void WriteR(int n, uint value) => X[_a32Map[n]] = value;

    /// <summary>R0..R14 of the given mode (LDM/STM user registers, SRS, banked MRS/MSR).</summary>
    internal uint ReadModeRegister(uint mode, int n) => (uint)X[BankedRegisterMap.For(mode)![n]];

    internal void WriteModeRegister(uint mode, int n, uint value) => X[BankedRegisterMap.For(mode)![n]] = value;

    /// <summary>CPSR packed in the AArch32 SPSR layout (DDI0487 G8.2.126): NZCVQ, IT, IL, GE, E, AIF, T, M.</summary>
    internal uint Cpsr
    {
        get
        {
            CpuState s = State;
            return s.Nzcv | s.QGe | ((s.ItState & 3) << 25) | ((s.ItState & 0xFC) << 8) | (s.IllegalState ? 1u << 20 : 0)
                | (s.BigEndian ? 1u << 9 : 0) | (s.Daif & 0x1C0) | (s.Thumb ? 1u << 5 : 0) | s.Mode;
        }
    }

    /// <summary>Enters AArch32 state in <paramref name="mode"/> (from the agent's CPSR write or exception entry).</summary>
    internal void WriteMode(uint mode)
    {
        State.AArch32 = true;
        State.Mode = mode;
        State.CurrentEl = mode == (uint)ProcessorMode.User ? 0 : 1;
        State.SpSel = true;
        _a32Map = BankedRegisterMap.For(mode)!;
        UpdateRegime();
    }

    /// <summary>The agent sets an AArch32 PSTATE: the mode must be one the engine executes, EL1 modes need HCR_EL2.RW = 0.</summary>
    private void SetAArch32Pstate(ulong value)
    {
        uint mode = (uint)value & 0x1F;
        if (!BankedRegisterMap.IsExecutable(mode) || (mode != (uint)ProcessorMode.User && (Hcr & HcrBits.Rw) != 0))
        {
            throw new EngineException($"CPSR 0x{value:X} is not an AArch32 mode the engine executes (EL1 modes need HCR_EL2.RW = 0)");
        }

        WriteMode(mode);
        WritePsrFields((uint)value);
        State.IllegalState = false;
    }

    /// <summary>The fields of a PSR other than M and IL (SetPSTATEFromPSR, AArch32 part).</summary>
    private void WritePsrFields(uint psr)
    {
        CpuState s = State;
        s.Nzcv = psr & 0xF000_0000;
        s.QGe = psr & 0x080F_0000;
        s.ItState = ((psr >> 25) & 3) | ((psr >> 8) & 0xFC);
        s.BigEndian = (psr & (1u << 9)) != 0;
        s.Daif = psr & 0x1C0;
        s.Thumb = (psr & (1u << 5)) != 0;
    }

    /// <summary>SPSR of the current mode (svc: SPSR_EL1; abt/und/irq/fiq: SPSR_abt..; D1.20.2); false in usr/sys.</summary>
    internal bool TryReadSpsr(out uint value) => TryReadSpsr(State.Mode, out value);

    internal bool TryReadSpsr(uint mode, out uint value)
    {
        value = 0;
        SystemRegisterFile r = Registers;
        switch ((ProcessorMode)mode)
        {
            case ProcessorMode.Supervisor:
                value = (uint)r.SpsrEl1;
                return true;
            case ProcessorMode.Abort or ProcessorMode.Undefined or ProcessorMode.Irq or ProcessorMode.Fiq:
                value = (uint)r.ReadStoredByEncoding(SpsrKey(mode));
                return true;
            default:
                return false;
        }
    }

    internal bool TryWriteSpsr(uint mode, uint value)
    {
        SystemRegisterFile r = Registers;
        switch ((ProcessorMode)mode)
        {
            case ProcessorMode.Supervisor:
                r.SpsrEl1 = value;
                return true;
            case ProcessorMode.Abort or ProcessorMode.Undefined or ProcessorMode.Irq or ProcessorMode.Fiq:
                r.WriteStoredByEncoding(SpsrKey(mode), value);
                return true;
            default:
                return false;
        }
    }

    private static ushort SpsrKey(uint mode) => (ProcessorMode)mode switch
    {
        ProcessorMode.Abort => SystemRegisterTable.SpsrAbt.Key,
        ProcessorMode.Undefined => SystemRegisterTable.SpsrUnd.Key,
        ProcessorMode.Irq => SystemRegisterTable.SpsrIrq.Key,
        _ => SystemRegisterTable.SpsrFiq.Key,
    };

    /// <summary>ConditionPassed for cond &lt; 0b1110 (DDI0487 F1.3, "Conditional execution"; NZCV in bits [31:28]).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal bool ConditionPassed(uint cond)
    {
        uint f = State.Nzcv >> 28;
        bool n = (f & 8) != 0, z = (f & 4) != 0, c = (f & 2) != 0, v = (f & 1) != 0;
        bool result = (cond >> 1) switch
        {
            0 => z,
            1 => c,
            2 => n,
            3 => v,
            4 => c && !z,
            5 => n == v,
            6 => n == v && !z,
            _ => true,
        };
        return (cond & 1) != 0 && cond != 0xF ? !result : result;
    }

    /// <summary>BXWritePC (DDI0487 F1 shared pseudocode): bit 0 selects T32; an A32 target keeps bit 1, which then takes
    /// a PC alignment fault at the fetch (the CONSTRAINED UNPREDICTABLE choice QEMU makes too). Returns false.</summary>
    internal bool BranchExchange(uint address)
    {
        if ((address & 1) != 0)
        {
            State.Thumb = true;
            State.Pc = address & ~1u;
        }
        else
        {
            State.Thumb = false;
            State.Pc = address;
        }

        return false;
    }

    /// <summary>BranchWritePC in T32 state (ALUWritePC of the 16-bit ADD/MOV to the PC): stays in T32. Returns false.</summary>
    internal bool BranchWritePc(uint address)
    {
        State.Pc = address & ~1u;
        return false;
    }

    /// <summary>
    /// AArch32.ExceptionReturn (DDI0487 G1.13.4): CPSR from <paramref name="spsr"/> (an illegal return — a mode the
    /// engine does not execute, Hyp, AArch64, or a higher privilege from EL0 — sets PSTATE.IL and keeps M), clears the
    /// local monitor, sets the event register, and branches to <paramref name="newPc"/> aligned for the new state.
    /// </summary>
    internal void A32ExceptionReturn(uint newPc, uint spsr)
    {
        uint mode = spsr & 0x1F;
        bool illegal = !BankedRegisterMap.IsExecutable(mode) || (State.CurrentEl == 0 && mode != (uint)ProcessorMode.User);
        if (illegal)
        {
            State.IllegalState = true;
            WritePsrFields(spsr);
            State.ItState = 0;
        }
        else
        {
            WriteMode(mode);
            WritePsrFields(spsr);
            State.IllegalState = (spsr & (1u << 20)) != 0;
        }

        ClearExclusiveMonitor();
        SetLocalEvent();
        _itHeld = true;
        State.Pc = State.Thumb ? newPc & ~1u : newPc & ~3u;
        UpdateRegime();
    }

    /// <summary>
    /// AArch32.EnterMode (DDI0487 G1.12.4): SPSR_mode = CPSR, LR_mode = preferred return + offset, T = SCTLR.TE,
    /// E = SCTLR.EE, A/I/F masked as the mode requires, IT and IL cleared, PC = vector base + offset, where the base is
    /// 0xFFFF0000 with SCTLR.V (high vectors), else VBAR.
    /// </summary>
    internal void EnterMode(ProcessorMode target, uint preferredReturn, uint lrOffset, uint vectorOffset)
    {
        uint spsr = Cpsr;
        uint sctlr = (uint)Sctlr;
        WriteMode((uint)target);
        TryWriteSpsr((uint)target, spsr);
        WriteR(14, preferredReturn + lrOffset);
        State.Thumb = (sctlr & SctlrTe) != 0;
        State.Daif |= target switch
        {
            ProcessorMode.Fiq => 0x1C0u,
            ProcessorMode.Abort or ProcessorMode.Irq => 0x180u,
            _ => 0x080u,
        };
        State.BigEndian = (sctlr & SctlrEe) != 0;
        State.IllegalState = false;
        State.SoftwareStep = false;
        State.ItState = 0;
        _itHeld = true;
        ClearExclusiveMonitor();
        uint vectorBase = (sctlr & SctlrV) != 0 ? 0xFFFF_0000u : (uint)Registers.VbarEl1 & ~0x1Fu;
        State.Pc = vectorBase + vectorOffset;
    }

    /// <summary>The A32 run loop (the dispatch on PSTATE.nRW is in <see cref="Run"/>).</summary>
    private void RunAArch32()
    {
        _a32Decoded ??= GC.AllocateArray<DecodedInstruction>(1 << A32CacheBits, pinned: true);
        DecodedInstruction current;
        DecodedInstruction* d = &current;
        while (true)
        {
            if (Volatile.Read(ref _attention) != 0 && HandleAttention())
            {
                break;
            }

            if (--_timerCountdown <= 0)
            {
                _timerCountdown = A32TimerCheckInterval;
                if (CheckTimers())
                {
                    break;
                }
            }

            if (State.IllegalState)
            {
                TakeIllegalStateException();
                continue;
            }

            ulong pc = State.Pc;
            if (State.Thumb)
            {
                StepT32(pc);
                if (_transientEntry != null)
                {
                    DropTransientTranslation();
                }

                if (_exitPending)
                {
                    break;
                }

                continue;
            }

            if (!FetchA32(pc, out uint raw))
            {
                if (_exitPending)
                {
                    break;
                }

                continue;
            }

            fixed (DecodedInstruction* cache = _a32Decoded)
            {
                // SAFETY: the index is masked to the cache's 4096 entries.
                DecodedInstruction* slot = cache + ((raw ^ (raw >> 16)) & ((1u << A32CacheBits) - 1));
                if (slot->Handler == null || slot->Raw != raw)
                {
                    A32Decoder.Decode(raw, slot);
                }

                current = *slot;
            }

            d->Pc = pc;
            Retired++;
            uint cond = raw >> 28;
            if (cond < 0xE && !ConditionPassed(cond))
            {
                State.Pc = pc + 4;
                continue;
            }

            if (d->Handler(this, d))
            {
                State.Pc = pc + 4;
            }

            if (_transientEntry != null)
            {
                DropTransientTranslation();
            }

            if (_exitPending)
            {
                break;
            }
        }
    }

    /// <summary>Fetches the A32 word at <paramref name="pc"/>; false after raising the abort.</summary>
    private bool FetchA32(ulong pc, out uint raw)
    {
        raw = 0;
        if ((pc & 3) != 0)
        {
            RaisePcAlignmentFault(pc);
            return false;
        }

        TlbEntry* e = _dataTlb + SoftTlb.IndexOf(pc);
        if (e->ExecTag != (pc & InterpreterConstants.PageMask))
        {
            e = LookupOrFill(pc, AccessKind.Execute, _dataRegime, null);
            if (e == null)
            {
                return false;
            }
        }

        // SAFETY: a matching execute tag maps pc's page to host memory; pc is 4-aligned so the word is inside it.
        raw = Volatile.Read(ref *(uint*)(e->Addend + (nint)pc));
        return true;
    }
}
