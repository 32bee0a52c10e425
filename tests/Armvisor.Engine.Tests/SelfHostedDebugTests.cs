using Armvisor.Arm64;
using Armvisor.Engine.Tests.Support;
using static Armvisor.Engine.Tests.Support.Asm;

namespace Armvisor.Engine.Tests;

/// <summary>
/// The guest's hardware breakpoints and watchpoints (DDI0487 D2, issue 17): DBGBCR/BVR and DBGWCR/WVR match with
/// MDSCR_EL1.MDE, the enable rules (KDE, PSTATE.D), EC 0x30/0x31 and 0x34/0x35 with ISS/FAR/ELR, MDCR_EL2.TDE routing
/// to the hypervisor core; and the host debugger's watchpoints (IVcpuDebug.SetWatchpoints), which stop before the access.
/// </summary>
public class SelfHostedDebugTests
{
    private const ulong Mde = 1UL << 15;
    private const ulong Kde = 1UL << 13;
    private const ulong Watched = TestMachine.DataBase + 8;

    /// <summary>DBGBCR: E, PMC = EL1, BAS = 0b1111.</summary>
    private const ulong BreakpointEl1 = 1 | (0b01 << 1) | (0xF << 5);

    /// <summary>DBGWCR: E, PAC = EL1, BAS = 0xFF; LSC added by the test.</summary>
    private const ulong WatchEl1 = 1 | (0b01 << 1) | (0xFF << 5);
    private const ulong LscLoad = 0b01 << 3;
    private const ulong LscStore = 0b10 << 3;

    private static void SetMdscr(TestMachine m, ulong value) => m.SetSysReg(2, 0, 0, 2, 2, value);

    private static void SetBreakpoint(TestMachine m, int n, ulong control, ulong address)
    {
        m.SetSysReg(2, 0, 0, (byte)n, 4, address); // DBGBVR<n>_EL1
        m.SetSysReg(2, 0, 0, (byte)n, 5, control); // DBGBCR<n>_EL1
    }

    private static void SetWatchpoint(TestMachine m, int n, ulong control, ulong address)
    {
        m.SetSysReg(2, 0, 0, (byte)n, 6, address); // DBGWVR<n>_EL1
        m.SetSysReg(2, 0, 0, (byte)n, 7, control); // DBGWCR<n>_EL1
    }

    private static void SetMdcrEl2(TestMachine m, ulong value) => m.SetSysReg(3, 4, 1, 1, 1, value);

    /// <summary>EL1h with PSTATE.DAIF clear (debug exceptions unmasked).</summary>
    private static void UnmaskDebug(TestMachine m) => m.Cpu.SetRegister(Arm64Register.Cpsr, 0b0101);

    private static TestMachine Machine(uint[] code, int? compileThreshold = null)
    {
        var m = new TestMachine(compileThreshold: compileThreshold);
        m.Load(code);
        m.SetX(1, TestMachine.DataBase);
        m.SetX(0, 0x1122_3344_5566_7788);
        return m;
    }

    /// <summary>x2 += 1; x2 += 1; x2 += 1; HVC.</summary>
    private static readonly uint[] Adds = [AddImm(2, 2, 1), AddImm(2, 2, 1), AddImm(2, 2, 1), Hvc(0)];

    /// <summary>STR x0, [x1, #8]; x2 += 1; HVC.</summary>
    private static readonly uint[] Store = [StrImm(0, 1, 8), AddImm(2, 2, 1), Hvc(0)];

    /// <summary>LDR x3, [x1, #8]; x2 += 1; HVC.</summary>
    private static readonly uint[] Load = [LdrImm(3, 1, 8), AddImm(2, 2, 1), Hvc(0)];

    [Fact]
    public void Breakpoint_El1WithMdeAndKde_TakesBreakpointSameElBeforeTheInstruction()
    {
        using TestMachine m = Machine(Adds);
        SetMdscr(m, Mde | Kde);
        SetBreakpoint(m, 0, BreakpointEl1, TestMachine.CodeBase + 8);
        UnmaskDebug(m);

        EngineExit exit = m.Cpu.Run();

        Assert.Equal(4, TestMachine.VectorSlot(exit)); // current EL with SPx, synchronous
        Assert.Equal(2UL, m.X(2));
        Assert.Equal(0x31UL, m.EsrEl1 >> 26);
        Assert.Equal(0x22UL, m.EsrEl1 & 0x1FF_FFFF);
        Assert.Equal(1UL, (m.EsrEl1 >> 25) & 1); // IL
        Assert.Equal(TestMachine.CodeBase + 8, m.ElrEl1);
    }

    [Theory]
    [InlineData(Mde, false)]        // KDE clear: not enabled at EL1
    [InlineData(Mde | Kde, true)]   // PSTATE.D set masks it
    [InlineData(Kde, false)]        // MDE clear: not armed
    public void Breakpoint_NotEnabled_RunsOn(ulong mdscr, bool pstateD)
    {
        using TestMachine m = Machine(Adds);
        SetMdscr(m, mdscr);
        SetBreakpoint(m, 1, BreakpointEl1, TestMachine.CodeBase + 8);
        m.Cpu.SetRegister(Arm64Register.Cpsr, pstateD ? 0x205UL : 0b0101);

        EngineExit exit = m.Cpu.Run();

        Assert.Equal(ExceptionClass.Hvc64, exit.Syndrome.Class);
        Assert.Equal(-1, TestMachine.VectorSlot(exit));
        Assert.Equal(3UL, m.X(2));
    }

    [Fact]
    public void Breakpoint_PmcEl0Only_DoesNotMatchAtEl1()
    {
        using TestMachine m = Machine(Adds);
        SetMdscr(m, Mde | Kde);
        SetBreakpoint(m, 0, 1 | (0b10 << 1) | (0xF << 5), TestMachine.CodeBase + 8);
        UnmaskDebug(m);

        Assert.Equal(-1, TestMachine.VectorSlot(m.Cpu.Run()));
        Assert.Equal(3UL, m.X(2));
    }

    [Fact]
    public void Breakpoint_ProgrammedByTheGuestInsideACompiledBlock_StopsThere()
    {
        // MSR DBGBCR0_EL1, x5; ISB; x2 += 1 (x3 times, the breakpoint on the second); HVC — run once to compile it.
        uint[] code = [Msr(2, 0, 0, 0, 5, 5), Isb(), AddImm(2, 2, 1), AddImm(2, 2, 1), AddImm(2, 2, 1), Hvc(0)];
        using TestMachine m = Machine(code, compileThreshold: 1);
        SetMdscr(m, Mde | Kde);
        m.SetSysReg(2, 0, 0, 0, 4, TestMachine.CodeBase + 12);
        UnmaskDebug(m);
        m.SetX(5, 0);
        Assert.Equal(-1, TestMachine.VectorSlot(m.Cpu.Run()));
        Assert.Equal(3UL, m.X(2));

        m.SetX(2, 0);
        m.SetX(5, BreakpointEl1);
        m.Cpu.SetRegister(Arm64Register.Pc, TestMachine.CodeBase);
        EngineExit exit = m.Cpu.Run();

        Assert.Equal(4, TestMachine.VectorSlot(exit));
        Assert.Equal(1UL, m.X(2));
        Assert.Equal(TestMachine.CodeBase + 12, m.ElrEl1);
    }

    [Fact]
    public void Breakpoint_WithMdcrTde_ExitsToEl2WithBreakpointLowerEl()
    {
        using TestMachine m = Machine(Adds);
        SetMdscr(m, Mde); // no KDE, PSTATE.D set: EL2 as the debug target still takes it (D2.4)
        SetMdcrEl2(m, 1UL << 8);
        SetBreakpoint(m, 0, BreakpointEl1, TestMachine.CodeBase + 4);

        EngineExit exit = m.Cpu.Run();

        Assert.Equal(EngineExitReason.Exception, exit.Reason);
        Assert.Equal(2, exit.TargetExceptionLevel);
        Assert.Equal(ExceptionClass.BreakpointLowerEl, exit.Syndrome.Class);
        Assert.Equal(0x22u, exit.Syndrome.Iss);
        Assert.Equal(TestMachine.CodeBase + 4, m.Pc);
        Assert.Equal(1UL, m.X(2));
    }

    [Fact]
    public void Watchpoint_StoreAtEl1_TakesWatchpointSameElWithFarAndWnR()
    {
        using TestMachine m = Machine(Store);
        SetMdscr(m, Mde | Kde);
        SetWatchpoint(m, 0, WatchEl1 | LscStore, Watched);
        UnmaskDebug(m);

        EngineExit exit = m.Cpu.Run();

        Assert.Equal(4, TestMachine.VectorSlot(exit));
        Assert.Equal(0x35UL, m.EsrEl1 >> 26);
        Assert.Equal(0x22UL | (1 << 6), m.EsrEl1 & 0x1FF_FFFF);
        Assert.Equal(Watched, m.FarEl1);
        Assert.Equal(TestMachine.CodeBase, m.ElrEl1);
        Assert.Equal(0UL, m.Ram.Read<ulong>(new Armvisor.Memory.GuestPhysicalAddress(Watched)));
        Assert.Equal(0UL, m.X(2));
    }

    [Fact]
    public void Watchpoint_LoadOnly_IgnoresStoresAndMatchesLoads()
    {
        using (TestMachine m = Machine(Store))
        {
            SetMdscr(m, Mde | Kde);
            SetWatchpoint(m, 3, WatchEl1 | LscLoad, Watched);
            UnmaskDebug(m);
            Assert.Equal(-1, TestMachine.VectorSlot(m.Cpu.Run()));
        }

        using (TestMachine m = Machine(Load))
        {
            SetMdscr(m, Mde | Kde);
            SetWatchpoint(m, 3, WatchEl1 | LscLoad, Watched);
            UnmaskDebug(m);
            Assert.Equal(4, TestMachine.VectorSlot(m.Cpu.Run()));
            Assert.Equal(0x22UL, m.EsrEl1 & 0x1FF_FFFF); // WnR = 0
        }
    }

    [Fact]
    public void Watchpoint_OnAPageTheFastPathAlreadyHolds_StillMatches()
    {
        // A compiled loop stores 50 times to the watched page's first doubleword (unwatched: its soft-TLB entry is warm),
        // then once to the watched doubleword, which must take the exception rather than the fast path.
        uint[] loop = [StrImm(0, 1, 0), SubImm(4, 4, 1, setFlags: true), BCond(1, -8), StrImm(0, 1, 8), Hvc(0)];
        using TestMachine m = Machine(loop, compileThreshold: 1);
        SetMdscr(m, Mde | Kde);
        SetWatchpoint(m, 0, WatchEl1 | LscStore | LscLoad, Watched);
        UnmaskDebug(m);
        m.SetX(4, 50);

        Assert.Equal(4, TestMachine.VectorSlot(m.Cpu.Run()));
        Assert.Equal(0x35UL, m.EsrEl1 >> 26);
        Assert.Equal(TestMachine.CodeBase + 12, m.ElrEl1);
        Assert.Equal(0UL, m.X(4));
    }

    [Theory]
    [InlineData(8UL, true)]    // the byte BAS selects (bit 0 of the doubleword at WVR)
    [InlineData(16UL, false)]  // the next doubleword
    public void Watchpoint_ByteAddressSelect_WatchesOnlyTheSelectedBytes(ulong offset, bool hit)
    {
        using TestMachine m = Machine([StrImm(0, 1, (int)offset, size: 0), Hvc(0)]);
        SetMdscr(m, Mde | Kde);
        SetWatchpoint(m, 0, 1 | (0b01 << 1) | LscStore | (0x01 << 5), TestMachine.DataBase + 8);
        UnmaskDebug(m);

        Assert.Equal(hit ? 4 : -1, TestMachine.VectorSlot(m.Cpu.Run()));
    }

    [Theory]
    [InlineData(4, true)]  // word-aligned DBGWVR (bit 2 set): BAS[3:0] selects bytes of that word
    [InlineData(0, false)]
    public void Watchpoint_WordAlignedValue_BasSelectsTheUpperWord(int offset, bool hit)
    {
        using TestMachine m = Machine([StrImm(0, 1, 8 + offset, size: 2), Hvc(0)]);
        SetMdscr(m, Mde | Kde);
        SetWatchpoint(m, 0, 1 | (0b01 << 1) | LscStore | (0x0F << 5), TestMachine.DataBase + 12);
        UnmaskDebug(m);

        Assert.Equal(hit ? 4 : -1, TestMachine.VectorSlot(m.Cpu.Run()));
        if (hit)
        {
            Assert.Equal(TestMachine.DataBase + 12, m.FarEl1);
        }
    }

    [Fact]
    public void Watchpoint_Mask_WatchesTheAlignedBlock()
    {
        // MASK = 6: the 64-byte block at DataBase; a store at +40 matches, FAR is the accessed address.
        using TestMachine m = Machine([StrImm(0, 1, 40), Hvc(0)]);
        SetMdscr(m, Mde | Kde);
        SetWatchpoint(m, 0, WatchEl1 | LscStore | (6UL << 24), TestMachine.DataBase);
        UnmaskDebug(m);

        Assert.Equal(4, TestMachine.VectorSlot(m.Cpu.Run()));
        Assert.Equal(TestMachine.DataBase + 40, m.FarEl1);
    }

    [Fact]
    public void Watchpoint_FromEl0_TakesWatchpointLowerEl()
    {
        const ulong user = TestMachine.CodeBase + 0x100;
        using TestMachine m = Machine([Eret()]);
        m.Load(Store, user);
        m.SetSysReg(3, 0, 4, 0, 0, 0);    // SPSR_EL1: EL0t
        m.SetSysReg(3, 0, 4, 0, 1, user); // ELR_EL1
        SetMdscr(m, Mde);                 // from EL0 no KDE is needed
        SetWatchpoint(m, 0, 1 | (0b10 << 1) | LscStore | (0xFF << 5), Watched);

        EngineExit exit = m.Cpu.Run();

        Assert.Equal(8, TestMachine.VectorSlot(exit)); // lower EL, AArch64, synchronous
        Assert.Equal(0x34UL, m.EsrEl1 >> 26);
        Assert.Equal(Watched, m.FarEl1);
        Assert.Equal(user, m.ElrEl1);
    }

    [Fact]
    public void Watchpoint_WithMdcrTde_ExitsToEl2WithFar()
    {
        using TestMachine m = Machine(Load);
        SetMdscr(m, Mde);
        SetMdcrEl2(m, 1UL << 8);
        SetWatchpoint(m, 0, WatchEl1 | LscLoad, Watched);

        EngineExit exit = m.Cpu.Run();

        Assert.Equal(2, exit.TargetExceptionLevel);
        Assert.Equal(ExceptionClass.WatchpointLowerEl, exit.Syndrome.Class);
        Assert.Equal(0x22u, exit.Syndrome.Iss);
        Assert.Equal(Watched, exit.FaultVirtualAddress);
        Assert.Equal(TestMachine.CodeBase, m.Pc);
    }

    [Fact]
    public void Watchpoint_DcIvac_IsAStoreWithCm()
    {
        using TestMachine m = Machine([Sys(0, 7, 6, 1, 1), Hvc(0)]); // DC IVAC, x1
        SetMdscr(m, Mde | Kde);
        SetWatchpoint(m, 0, WatchEl1 | LscStore, Watched);
        UnmaskDebug(m);

        Assert.Equal(4, TestMachine.VectorSlot(m.Cpu.Run()));
        Assert.Equal(0x22UL | (1 << 6) | (1 << 8), m.EsrEl1 & 0x1FF_FFFF);
    }

    [Fact]
    public void SoftwareStep_WithMdcrTde_ExitsToEl2WithSoftwareStepLowerEl()
    {
        const ulong user = TestMachine.CodeBase + 0x100;
        using TestMachine m = Machine([Eret()]);
        m.Load(Adds, user);
        m.SetSysReg(3, 0, 4, 0, 0, 1UL << 21); // SPSR_EL1: EL0t, SS
        m.SetSysReg(3, 0, 4, 0, 1, user);
        SetMdscr(m, 1);
        SetMdcrEl2(m, 1UL << 8);

        EngineExit exit = m.Cpu.Run();

        Assert.Equal(2, exit.TargetExceptionLevel);
        Assert.Equal(ExceptionClass.SoftwareStepLowerEl, exit.Syndrome.Class);
        Assert.Equal(user + 4, m.Pc);
        Assert.Equal(1UL, m.X(2));
    }

    [Fact]
    public void HostWatchpoint_Write_StopsBeforeTheStoreInACompiledBlock()
    {
        uint[] loop = [StrImm(0, 1, 8), AddImm(2, 2, 1), SubImm(4, 4, 1, setFlags: true), BCond(1, -12), Hvc(0)];
        using TestMachine m = Machine(loop, compileThreshold: 1);
        m.SetX(4, 20);
        m.Cpu.Run();
        m.SetX(2, 0);
        m.SetX(4, 20);
        m.SetX(0, 42);
        m.Cpu.SetRegister(Arm64Register.Pc, TestMachine.CodeBase);
        m.Cpu.Debugging.SetWatchpoints([new DebugWatchpoint(Watched, 8, DebugWatchpointKind.Write)]);

        EngineExit exit = m.Cpu.Run();

        Assert.Equal(EngineExitReason.DebugStop, exit.Reason);
        Assert.Equal(DebugStopKind.WriteWatchpoint, exit.DebugStop);
        Assert.Equal(Watched, exit.FaultVirtualAddress);
        Assert.Equal(TestMachine.CodeBase, m.Pc);
        Assert.NotEqual(42UL, m.Ram.Read<ulong>(new Armvisor.Memory.GuestPhysicalAddress(Watched)));
        Assert.Equal(0UL, m.X(2));

        // Stepping over it with the watchpoint removed (what gdb does), then continuing with it back, stops at the next
        // iteration's store, after one increment.
        m.Cpu.Debugging.SetWatchpoints([]);
        m.Cpu.Debugging.SingleStep = true;
        Assert.Equal(DebugStopKind.Step, m.Cpu.Run().DebugStop);
        Assert.Equal(42UL, m.Ram.Read<ulong>(new Armvisor.Memory.GuestPhysicalAddress(Watched)));
        m.Cpu.Debugging.SingleStep = false;
        m.Cpu.Debugging.SetWatchpoints([new DebugWatchpoint(Watched, 8, DebugWatchpointKind.Write)]);
        Assert.Equal(DebugStopKind.WriteWatchpoint, m.Cpu.Run().DebugStop);
        Assert.Equal(TestMachine.CodeBase, m.Pc);
        Assert.Equal(1UL, m.X(2));
    }

    [Fact]
    public void HostWatchpoint_ReadAndAccessKinds_MatchTheirAccesses()
    {
        using (TestMachine m = Machine(Store))
        {
            m.Cpu.Debugging.SetWatchpoints([new DebugWatchpoint(Watched + 4, 1, DebugWatchpointKind.Read)]);
            Assert.Equal(EngineExitReason.Exception, m.Cpu.Run().Reason); // a store does not trigger a read watchpoint
        }

        using (TestMachine m = Machine(Load))
        {
            m.Ram.Write(new Armvisor.Memory.GuestPhysicalAddress(Watched), 0xABCDUL);
            m.Cpu.Debugging.SetWatchpoints([new DebugWatchpoint(Watched + 4, 1, DebugWatchpointKind.Read)]);
            EngineExit exit = m.Cpu.Run();
            Assert.Equal(DebugStopKind.ReadWatchpoint, exit.DebugStop);
            Assert.Equal(Watched + 4, exit.FaultVirtualAddress);
            Assert.Equal(TestMachine.CodeBase, m.Pc);
            Assert.Equal(0UL, m.X(3)); // the load has not happened
        }

        using (TestMachine m = Machine(Store))
        {
            m.Cpu.Debugging.SetWatchpoints([new DebugWatchpoint(Watched, 8, DebugWatchpointKind.Access)]);
            Assert.Equal(DebugStopKind.AccessWatchpoint, m.Cpu.Run().DebugStop);
        }
    }

    [Fact]
    public void HostWatchpoint_Removed_RunsToTheEnd()
    {
        using TestMachine m = Machine(Store);
        m.Cpu.Debugging.SetWatchpoints([new DebugWatchpoint(Watched, 8, DebugWatchpointKind.Write)]);
        m.Cpu.Debugging.SetWatchpoints([]);

        Assert.Equal(ExceptionClass.Hvc64, m.Cpu.Run().Syndrome.Class);
        Assert.Equal(1UL, m.X(2));
    }
}
