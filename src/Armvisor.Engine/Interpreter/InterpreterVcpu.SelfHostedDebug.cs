using System.Numerics;
using Armvisor.Arm64;
using Armvisor.Engine.Execution;

namespace Armvisor.Engine.Interpreter;

/// <summary>
/// The guest's own hardware breakpoints and watchpoints (DDI0487 D2 "AArch64 Self-hosted Debug"): the DBGBCR/BVR and
/// DBGWCR/WVR comparators ID_AA64DFR0_EL1 announces (6 and 4, as Cortex-A72), read again whenever one of them,
/// MDSCR_EL1 or MDCR_EL2 is written (<see cref="SystemRegisterEffects.Debug"/>), and armed only with MDSCR_EL1.MDE = 1.
/// Whether a match generates an exception is decided when it matches (<see cref="ExceptionEntry.DebugExceptionsEnabled"/>:
/// KDE, PSTATE.D, and MDCR_EL2.TDE routing to the hypervisor core as an exit).
/// <para>
/// Breakpoints use the host debugger's block machinery (InterpreterVcpu.Debug.cs): while one is armed the run loop
/// looks at every block boundary and every breakpoint address starts a block. Watchpoints keep the data path fast:
/// only soft-TLB entries of pages holding a watched byte carry <see cref="Memory.TlbEntry.Watched"/>, which sends their
/// accesses to the slow path, where <see cref="CheckWatchpoints"/> compares them (InterpreterVcpu.Watchpoints.cs).
/// </para>
/// Not implemented: linked and context-ID breakpoints (BT other than 0b0000), linked watchpoints (WT = 1), AArch32
/// state comparisons; those comparators never match.
/// </summary>
public sealed unsafe partial class InterpreterVcpu
{
    /// <summary>ID_AA64DFR0_EL1.BRPs + 1 and WRPs + 1 (<see cref="IdRegisterValues.Aa64Dfr0"/>).</summary>
    private const int BreakpointComparators = 6;
    private const int WatchpointComparators = 4;

    /// <summary>MDSCR_EL1.MDE, bit 15: monitor debug events (breakpoints and watchpoints) enabled (D24.3.20).</summary>
    private const ulong MdscrMde = 1UL << 15;

    /// <summary>IFSC/DFSC 0b100010, "Debug exception" (D24.2.40).</summary>
    private const uint DebugFaultStatus = 0b10_0010;

    /// <summary>ESR.WnR (bit 6) and ESR.CM (bit 8) of a Watchpoint exception's ISS (D24.2.40, "ISS encoding for an exception from a Watchpoint").</summary>
    private const uint WatchpointWnR = 1u << 6;
    private const uint WatchpointCm = 1u << 8;

    /// <summary>The armed guest breakpoints; null when none (MDSCR_EL1.MDE = 0 or no DBGBCR.E set).</summary>
    private BreakpointComparator[]? _guestBreakpoints;

    private WatchComparator[] _guestWatchpoints = [];

    /// <summary>Re-reads the comparators after a write to a debug register; drops what their change made stale.</summary>
    private void ReadDebugComparators()
    {
        var breakpoints = new List<BreakpointComparator>();
        var watchpoints = new List<WatchComparator>();
        if ((Registers.Mdscr & MdscrMde) != 0)
        {
            for (int n = 0; n < BreakpointComparators; n++)
            {
                if (DecodeBreakpoint(GetSystemRegister(SysReg.DbgbcrEl1(n)), GetSystemRegister(SysReg.DbgbvrEl1(n))) is { } b)
                {
                    breakpoints.Add(b);
                }
            }

            for (int n = 0; n < WatchpointComparators; n++)
            {
                if (DecodeWatchpoint(GetSystemRegister(SysReg.DbgwcrEl1(n)), GetSystemRegister(SysReg.DbgwvrEl1(n))) is { } w)
                {
                    watchpoints.Add(w);
                }
            }
        }

        BreakpointComparator[]? armed = breakpoints.Count == 0 ? null : [.. breakpoints];
        if (!(_guestBreakpoints ?? []).AsSpan().SequenceEqual(armed ?? []))
        {
            _guestBreakpoints = armed;
            // Blocks decoded before may hold a new breakpoint address in their middle: decode again (at the next boundary).
            _decodedBlocksIgnoreBreakpoints = true;
            UpdateDebugAttention();
        }

        if (!_guestWatchpoints.AsSpan().SequenceEqual(watchpoints.ToArray()))
        {
            _guestWatchpoints = [.. watchpoints];
            RebuildWatchComparators();
        }
    }

    /// <summary>
    /// DBGBCR&lt;n&gt;_EL1 (D24.3.9): E (0), PMC (2:1), BAS (8:5), HMC (13), SSC (15:14), LBN (19:16), BT (23:20). Only
    /// BT = 0b0000 (unlinked instruction address match) is implemented; DBGBVR bits [63:49] are the sign extension of
    /// bit 48 and bits [1:0] are RES0 (D24.3.10). For A64 instructions BAS is 0b1111 (0 matches nothing).
    /// </summary>
    private static BreakpointComparator? DecodeBreakpoint(ulong bcr, ulong bvr)
    {
        int bt = (int)(bcr >> 20) & 0xF;
        if ((bcr & 1) == 0 || bt != 0 || ((bcr >> 5) & 0xF) == 0 || !PrivilegeMatch(bcr, out bool el0, out bool el1))
        {
            return null;
        }

        return new BreakpointComparator(SignExtendFromBit48(bvr & ~3UL), el0, el1);
    }

    /// <summary>
    /// DBGWCR&lt;n&gt;_EL1 (D24.3.13): E (0), PAC (2:1), LSC (4:3, 0b01 loads, 0b10 stores), BAS (12:5), HMC (13), SSC
    /// (15:14), LBN (19:16), WT (20), MASK (28:24). With MASK = 0 the watched bytes are those BAS selects in the
    /// doubleword at DBGWVR[48:3] (a word-aligned DBGWVR, bit 2 set, uses BAS[3:0] for its word: D2.10.3); MASK = 3..31
    /// watches the naturally aligned 2^MASK-byte block (MASK 1 and 2 are reserved and match nothing). BAS is taken as
    /// the contiguous span from its lowest to its highest set bit.
    /// </summary>
    private static WatchComparator? DecodeWatchpoint(ulong wcr, ulong wvr)
    {
        int lsc = (int)(wcr >> 3) & 3;
        bool linked = ((wcr >> 20) & 1) != 0;
        if ((wcr & 1) == 0 || lsc == 0 || linked || !PrivilegeMatch(wcr, out bool el0, out bool el1))
        {
            return null;
        }

        ulong address = SignExtendFromBit48(wvr & ~3UL);
        int mask = (int)(wcr >> 24) & 0x1F;
        ulong start;
        ulong end;
        if (mask != 0)
        {
            if (mask < 3)
            {
                return null;
            }

            ulong size = 1UL << mask;
            start = address & ~(size - 1);
            end = start + size;
        }
        else
        {
            uint bas = (uint)(wcr >> 5) & 0xFF;
            if ((address & 4) != 0)
            {
                bas = (bas & 0xF) << 4;
            }

            if (bas == 0)
            {
                return null;
            }

            ulong doubleword = address & ~7UL;
            start = doubleword + (ulong)BitOperations.TrailingZeroCount(bas);
            end = doubleword + (ulong)(32 - BitOperations.LeadingZeroCount(bas));
        }

        return new WatchComparator(start, end, Loads: (lsc & 1) != 0, Stores: (lsc & 2) != 0, el0, el1, Host: null);
    }

    /// <summary>
    /// The ELs a comparator matches at, from PMC/PAC (bits 2:1), HMC (13) and SSC (15:14) (D2.8.2, "Breakpoint and
    /// watchpoint state matching"): the guest runs at Non-secure EL1/EL0, where SSC 0b00, 0b01 and 0b11 apply and
    /// PMC bit 0 selects EL1, bit 1 EL0 (HMC adds only EL2, which runs no guest code). SSC 0b10 is Secure only.
    /// </summary>
    private static bool PrivilegeMatch(ulong control, out bool el0, out bool el1)
    {
        int pmc = (int)(control >> 1) & 3;
        int ssc = (int)(control >> 14) & 3;
        el1 = (pmc & 1) != 0;
        el0 = (pmc & 2) != 0;
        return ssc != 0b10 && (el0 || el1);
    }

    private static ulong SignExtendFromBit48(ulong value) => (ulong)((long)(value << 15) >> 15);

    /// <summary>Block decoding must end before an armed guest breakpoint address too.</summary>
    private bool IsGuestBreakpointAddress(ulong pc)
    {
        if (_guestBreakpoints is not { } set)
        {
            return false;
        }

        foreach (BreakpointComparator b in set)
        {
            if (b.Address == pc)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// At a block boundary, before the instruction at PC executes: takes a Breakpoint exception if an armed guest
    /// breakpoint matches PC at the current EL and debug exceptions are enabled (D2.8). EC 0x30 from a lower EL (or
    /// routed to EL2 by MDCR_EL2.TDE: an exit to the hypervisor core), 0x31 from EL1 to EL1; ISS.IFSC = 0b100010;
    /// ELR = the breakpointed instruction (D2.8.5). True when the exception was taken.
    /// </summary>
    private bool TakeGuestBreakpoint()
    {
        if (_guestBreakpoints is not { } set || State.IllegalState || State.AArch32)
        {
            return false;
        }

        ulong pc = State.Pc;
        bool fromEl0 = State.CurrentEl == 0;
        foreach (BreakpointComparator b in set)
        {
            if (b.Address != pc || !(fromEl0 ? b.El0 : b.El1))
            {
                continue;
            }

            if (!_system.Exceptions.DebugExceptionsEnabled(State, out bool toEl2))
            {
                return false;
            }

            ExceptionClass ec = fromEl0 || toEl2 ? ExceptionClass.BreakpointLowerEl : ExceptionClass.BreakpointSameEl;
            ExceptionSyndrome syndrome = ExceptionSyndrome.Create(ec, DebugFaultStatus);
            if (toEl2)
            {
                ExitToAgent(2, syndrome, pc, retired: true);
            }
            else
            {
                TakeException(ExceptionVector.Synchronous, syndrome, 0, pc);
            }

            return true;
        }

        return false;
    }

    /// <summary>
    /// A guest watchpoint matched the access (D2.10): the instruction does not complete; a Watchpoint exception is taken
    /// — EC 0x34 from a lower EL or routed to EL2 by MDCR_EL2.TDE (an exit to the hypervisor core), 0x35 from EL1 to
    /// EL1; ISS WnR, CM, DFSC = 0b100010; FAR = the first watched address the access touches (as QEMU reports it);
    /// ELR = the instruction.
    /// </summary>
    private void RaiseWatchpoint(WatchComparator watch, ulong va, bool write, bool cacheMaintenance, bool toEl2, DecodedInstruction* d)
    {
        ulong far = Math.Max(va, watch.Start);
        uint iss = DebugFaultStatus | (write ? WatchpointWnR : 0) | (cacheMaintenance ? WatchpointCm : 0);
        if (toEl2)
        {
            ExitToAgent(2, ExceptionSyndrome.Create(ExceptionClass.WatchpointLowerEl, iss), d->Pc, far);
            return;
        }

        ExceptionClass ec = State.CurrentEl == 0 ? ExceptionClass.WatchpointLowerEl : ExceptionClass.WatchpointSameEl;
        RaiseSynchronous(d, ExceptionSyndrome.Create(ec, iss), far, d->Pc);
    }
}
