using System.Buffers.Binary;
using Armvisor.Engine;
using Armvisor.Engine.Execution;

namespace Armvisor.Vmm.Tests.Gdb;

/// <summary>The GDB stub's packets (GDB manual appendix E) against a real machine, from a raw RSP client.</summary>
public class GdbSessionTests
{
    private const uint Nop = 0xD503201F;
    private const uint BranchBack8 = 0x17FFFFFE; // b .-8

    [Fact]
    public void QSupported_AnnouncesPacketSizeFeaturesNoAckAndVCont()
    {
        using var stub = new StubHarness(Nop, Nop, BranchBack8);

        string reply = stub.Request("qSupported:multiprocess+;swbreak+;xmlRegisters=i386");

        Assert.Equal("PacketSize=4000;qXfer:features:read+;QStartNoAckMode+;vContSupported+", reply);
    }

    [Fact]
    public void TargetXml_ReadInPieces_NamesTheCoreAndFpuFeatures()
    {
        using var stub = new StubHarness(Nop, Nop, BranchBack8);
        var xml = new System.Text.StringBuilder();
        string part;
        int offset = 0;
        do
        {
            part = stub.Request($"qXfer:features:read:target.xml:{offset:x},200");
            xml.Append(part[1..]);
            offset += part.Length - 1;
        }
        while (part[0] == 'm');

        string text = xml.ToString();
        Assert.Contains("org.gnu.gdb.aarch64.core", text, StringComparison.Ordinal);
        Assert.Contains("org.gnu.gdb.aarch64.fpu", text, StringComparison.Ordinal);
        Assert.Contains("<reg name=\"x30\"", text, StringComparison.Ordinal);
        Assert.Contains("<reg name=\"v31\" bitsize=\"128\"", text, StringComparison.Ordinal);
        Assert.Contains("<reg name=\"fpcr\"", text, StringComparison.Ordinal);
        Assert.EndsWith("</target>\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void StopReplyAndThreads_OneThreadPerVcpu()
    {
        using var stub = new StubHarness(Nop, Nop, BranchBack8);

        Assert.Equal("T05thread:1;", stub.Request("?"));
        Assert.Equal("m1,2", stub.Request("qfThreadInfo"));
        Assert.Equal("l", stub.Request("qsThreadInfo"));
        Assert.Equal("QC1", stub.Request("qC"));
        Assert.Equal("OK", stub.Request("T2"));
        Assert.Equal("E01", stub.Request("T3"));
    }

    [Fact]
    public void Registers_AtEntry_PcIsTheLoadAddress()
    {
        using var stub = new StubHarness(Nop, Nop, BranchBack8);

        string pc = stub.Request("p20");
        string all = stub.Request("g");

        Assert.Equal(0x4000_0000UL, BinaryPrimitives.ReadUInt64LittleEndian(Convert.FromHexString(pc)));
        Assert.Equal(((31 + 2) * 16) + 8 + (32 * 32) + 8 + 8, all.Length);
        Assert.Equal(pc, all.Substring(32 * 16, 16));
        Assert.Equal("OK", stub.Request("P5=8877665544332211"));
        Assert.Equal(0x1122334455667788UL, stub.Machine.Vm.Vcpus[0].Engine!.GetRegister(Arm64Register.X5));
    }

    [Fact]
    public void Step_ExecutesOneInstructionOfTheChosenThread()
    {
        using var stub = new StubHarness(Nop, Nop, BranchBack8);

        Assert.Equal("T05thread:1;", stub.Request("vCont;s:1"));
        Assert.Equal("0400004000000000", stub.Request("p20"));
        Assert.Equal("T05thread:1;", stub.Request("vCont;s:1"));
        Assert.Equal("T05thread:1;", stub.Request("vCont;s:1"));
        Assert.Equal("0000004000000000", stub.Request("p20"));
    }

    [Fact]
    public void Breakpoint_ContinueStopsThere_AndInterruptStopsARunningMachine()
    {
        using var stub = new StubHarness(Nop, Nop, BranchBack8);
        Assert.Equal("OK", stub.Request("Z0,40000004,4"));

        Assert.Equal("T05thread:1;", stub.Request("vCont;c"));
        Assert.Equal("0400004000000000", stub.Request("p20"));
        Assert.Equal("OK", stub.Request("z0,40000004,4"));

        stub.Send("vCont;c");
        Thread.Sleep(200);
        stub.SendRaw([0x03]);
        Assert.StartsWith("T02thread:", stub.ReadPacket(), StringComparison.Ordinal);
        Assert.True(stub.Machine.Vm.Vcpus[0].InstructionsRetired > 3);
    }

    [Fact]
    public void WriteWatchpoint_ContinueStopsBeforeTheStore_WithAWatchStopReply()
    {
        const uint adrX1Plus4K = 0x10008001; // adr x1, .+0x1000 (0x40001000)
        const uint strX0AtX1 = 0xF9000020;   // str x0, [x1]
        const uint branchBack4 = 0x17FFFFFF; // b .-4
        using var stub = new StubHarness(adrX1Plus4K, strX0AtX1, branchBack4);
        Assert.Equal("OK", stub.Request("Z3,40001000,8")); // a read watchpoint: the stores do not stop
        Assert.Equal("OK", stub.Request("Z2,40001004,4"));
        Assert.Equal("E16", stub.Request("Z2,40001000,0"));

        Assert.Equal("T05thread:1;watch:0000000040001004;", stub.Request("vCont;c"));
        Assert.Equal("0400004000000000", stub.Request("p20"));
        Assert.Equal("OK", stub.Request("z2,40001004,4"));
        Assert.Equal("OK", stub.Request("z3,40001000,8"));
        Assert.Equal("OK", stub.Request("Z4,40001000,1"));
        Assert.Equal("T05thread:1;awatch:0000000040001000;", stub.Request("vCont;c"));
    }

    [Fact]
    public void Memory_WriteThenRead_ThroughTheTranslation_AndUnmappedIsAnError()
    {
        using var stub = new StubHarness(Nop, Nop, BranchBack8);

        Assert.Equal("OK", stub.Request("M40001000,4:deadbeef"));
        Assert.Equal("deadbeef", stub.Request("m40001000,4"));
        Assert.Equal("E0e", stub.Request("m1000,4"));
        Assert.Equal("E16", stub.Request("mzz"));
        Assert.Equal("T05thread:1;", stub.Request("?"));
    }

    [Fact]
    public void NoAckMode_RepliesWithoutAcknowledgements()
    {
        using var stub = new StubHarness(Nop, Nop, BranchBack8);

        Assert.Equal("OK", stub.Request("QStartNoAckMode"));
        Assert.Equal("T05thread:1;", stub.Request("?"));
    }

    [Fact]
    public void Detach_TheGuestRunsOn()
    {
        using var stub = new StubHarness(Nop, Nop, BranchBack8);
        Assert.Equal("OK", stub.Request("Z0,40000004,4"));

        Assert.Equal("OK", stub.Request("D"));

        Assert.True(SpinWait.SpinUntil(() => stub.Machine.Vm.Vcpus[0].InstructionsRetired > 10_000, TimeSpan.FromSeconds(30)),
            "the guest did not run after detach (or stopped at the detached debugger's breakpoint)");
    }
}
