using System.Runtime.CompilerServices;

namespace Armvisor.Engine.Interpreter;

/// <summary>
/// The architectural state of one AArch64 PE at EL0/EL1, kept apart from the host thread that runs it so a scheduler
/// can move vCPUs between threads. Plain fields on purpose: the interpreter's hot paths read and write them directly.
/// PSTATE is kept unpacked (DDI0487 D1.4 "Process state, PSTATE"); <see cref="Pstate"/> packs it in SPSR format.
/// </summary>
public sealed class CpuState
{
    /// <summary>X0..X30; index 31 is a scratch slot that always reads 0 (XZR) for handlers that write it unconditionally.</summary>
    public readonly ulong[] X = new ulong[32];

    /// <summary>V0..V31, 128 bits each (lower 64 in <c>[2n]</c>, upper in <c>[2n+1]</c>).</summary>
    public readonly ulong[] V = new ulong[64];

    public ulong Pc;

    /// <summary>SP_EL0 and SP_EL1 (DDI0487 D1.6.2); the one in use follows PSTATE.SP and PSTATE.EL.</summary>
    public ulong SpEl0;

    public ulong SpEl1;

    /// <summary>PSTATE.EL: 0 or 1 (EL2 and EL3 are agents outside the engine).</summary>
    public int CurrentEl = 1;

    /// <summary>PSTATE.SP: true selects SP_ELx at EL1.</summary>
    public bool SpSel = true;

    /// <summary>PSTATE.{N,Z,C,V} in bits [31:28], as in NZCV and SPSR.</summary>
    public uint Nzcv;

    /// <summary>PSTATE.{D,A,I,F} in bits [9:6], as in DAIF and SPSR.</summary>
    public uint Daif = 0x3C0;

    /// <summary>PSTATE.PAN (FEAT_PAN).</summary>
    public bool Pan;

    /// <summary>PSTATE.SS (software step).</summary>
    public bool SoftwareStep;

    /// <summary>PSTATE.IL (illegal execution state).</summary>
    public bool IllegalState;

    public uint Fpcr;

    public uint Fpsr;

    /// <summary>The event register of WFE/SEV (DDI0487 D1.16.1).</summary>
    public bool EventRegister;

    /// <summary>PSTATE.nRW: the PE is in AArch32 state (DDI0487 D1.4); the fields below are its AArch32-only PSTATE.</summary>
    public bool AArch32;

    /// <summary>PSTATE.M[4:0], the AArch32 processor mode (DDI0487 G1.9.1); <see cref="CurrentEl"/> follows it.</summary>
    public uint Mode;

    /// <summary>PSTATE.T: T32 instruction set.</summary>
    public bool Thumb;

    /// <summary>PSTATE.IT[7:0] (T32 IT blocks).</summary>
    public uint ItState;

    /// <summary>PSTATE.E: big-endian data.</summary>
    public bool BigEndian;

    /// <summary>PSTATE.Q (saturation) as bit 27 and PSTATE.GE[3:0] as bits [19:16], as in CPSR.</summary>
    public uint QGe;

    /// <summary>The stack pointer selected by PSTATE.EL and PSTATE.SP.</summary>
    public ulong Sp
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => CurrentEl != 0 && SpSel ? SpEl1 : SpEl0;
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        set
        {
            if (CurrentEl != 0 && SpSel)
            {
                SpEl1 = value;
            }
            else
            {
                SpEl0 = value;
            }
        }
    }

    /// <summary>PSTATE packed in SPSR_EL1 format for AArch64 (DDI0487 C5.2.18): M[3:0] = EL:SP, nRW = 0.</summary>
    public ulong Pstate
    {
        get => Nzcv | Daif | (Pan ? 1u << 22 : 0) | (SoftwareStep ? 1u << 21 : 0) | (IllegalState ? 1u << 20 : 0)
            | ((uint)CurrentEl << 2) | (SpSel ? 1u : 0);
        set
        {
            Nzcv = (uint)value & 0xF000_0000;
            Daif = (uint)value & 0x3C0;
            Pan = (value & (1UL << 22)) != 0;
            SoftwareStep = (value & (1UL << 21)) != 0;
            IllegalState = (value & (1UL << 20)) != 0;
            CurrentEl = (int)((value >> 2) & 3);
            SpSel = (value & 1) != 0;
        }
    }
}
