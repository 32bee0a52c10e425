using System.Net;
using System.Net.Sockets;
using System.Text;
using Armvisor.Integration.Tests.Infrastructure;

namespace Armvisor.Integration.Tests.Gdb;

/// <summary>
/// Issue 17: the real gdb client against Armvisor's GDB stub and against qemu-system-aarch64's on the same bare-metal
/// guest (guests/gdb/gdb-target.c, 2 vCPUs) gives the same answers: a breakpoint at a function, registers, the
/// disassembly at PC, 100 single steps, a hardware breakpoint, a thread switch, and the guest's end; and write, read
/// and access watchpoints (Z2-Z4) on a variable, which stop before the access on both (QEMU's Arm behaviour).
/// </summary>
public class GdbStubTests
{
    private static readonly string[] Session =
    [
        "info registers pc",
        "break gdb_break_here",
        "continue",
        "info registers x0 x1 x30 sp pc cpsr",
        "x/4i $pc",
        "stepi 100",
        "info registers pc x0 x1 x2 x3 cpsr",
        "p/x $v0.d.u",
        "p/x $fpcr",
        "thread 2",
        "p/x $pc",
        "p/x $x19",
        "thread 1",
        "delete",
        "hbreak *$pc",
        "continue",
        "info registers pc x0 x1",
        "continue",
        "info registers pc x0 x1",
        "delete",
        "stepi",
        "p/x $pc",
        "set var $x5 = 0x1122334455667788",
        "p/x $x5",
        "x/2gx &gdb_counter",
        "set var gdb_counter = 7",
        "x/1gx &gdb_counter",
        "delete",
        "continue",
    ];

    private static readonly string[] WatchSession =
    [
        "hbreak gdb_watch_target",
        "continue",
        "watch *(long *)&gdb_watched",
        "continue",
        "info registers pc x0",
        "delete 2",
        "rwatch *(long *)&gdb_watched",
        "continue",
        "info registers pc x0",
        "delete",
        "awatch *(long *)&gdb_watched",
        "continue",
        "info registers pc x0",
        "continue",
        "info registers pc x0",
        "thread 2",
        "p/x $pc",
        "thread 1",
        "delete",
        "continue",
    ];

    [RequiresGdbFact]
    public void WatchpointSession_OnArmvisorAndQemu_SameAnswers()
    {
        string elf = ArmvisorCli.Guest("gdb-target.elf");
        string qemu = GdbBatch.AgainstQemu(elf, 2, WatchSession);
        (string armvisor, CliResult run) = GdbBatch.AgainstArmvisor(elf, 2, WatchSession, jitThreshold: 1);

        Assert.Contains("Hardware watchpoint 2: *(long *)&gdb_watched", qemu, StringComparison.Ordinal);
        Assert.Contains("Hardware read watchpoint 3", qemu, StringComparison.Ordinal);
        Assert.Contains("Value = 3557", qemu, StringComparison.Ordinal);
        Assert.Equal(GdbBatch.Comparable(qemu), GdbBatch.Comparable(armvisor));
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("gdb-target: watched=0xde5", run.StandardOutput, StringComparison.Ordinal);
    }

    [RequiresGdbFact]
    public void GdbSession_OnArmvisorAndQemu_SameAnswers()
    {
        string elf = ArmvisorCli.Guest("gdb-target.elf");
        string qemu = GdbBatch.AgainstQemu(elf, 2, Session);
        // Every block compiled after its first run: breakpoints and steps must hold on the compiled tier too.
        (string armvisor, CliResult run) = GdbBatch.AgainstArmvisor(elf, 2, Session, jitThreshold: 1);

        Assert.Contains("Breakpoint 1, 0x", qemu, StringComparison.Ordinal);
        Assert.Contains("0x5151", qemu, StringComparison.Ordinal);
        Assert.Equal(GdbBatch.Comparable(qemu), GdbBatch.Comparable(armvisor));
        Assert.True(run.ExitCode == 0, run.ToString());
        // The guest went on with the register gdb wrote (x5 holds the value printed as counter).
        Assert.Contains("gdb-target: cpu-on=0 counter=0x1122334455667788 ", run.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public void OversizedPacket_ClosesTheConnection_GuestRunsOn()
    {
        string elf = ArmvisorCli.Guest("gdb-target.elf");
        CliResult result = WithStub(elf, stream =>
        {
            stream.Write(Encoding.ASCII.GetBytes("$" + new string('a', 0x5000) + "#00"));
            Assert.Equal(0, ReadToClose(stream));
        });

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("gdb-target: cpu-on=0", result.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("closing the connection", result.StandardError, StringComparison.Ordinal);
        Assert.Contains("PacketSize", result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public void MalformedChecksum_ClosesTheConnection_GuestRunsOn()
    {
        string elf = ArmvisorCli.Guest("gdb-target.elf");
        CliResult result = WithStub(elf, stream =>
        {
            stream.Write("$qSupported#zz"u8);
            Assert.Equal(0, ReadToClose(stream));
        });

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("checksum is not two hex digits", result.StandardError, StringComparison.Ordinal);
    }

    /// <summary>Starts Armvisor waiting for gdb, connects, runs <paramref name="client"/>, and returns how Armvisor ended.</summary>
    private static CliResult WithStub(string elf, Action<NetworkStream> client)
    {
        var start = new System.Diagnostics.ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false };
        foreach (string a in new[] { ArmvisorCli.AssemblyPath, "run", "--kernel", elf, "--cpus", "2", "--gdb", "tcp:127.0.0.1:0", "-S", "--timeout", "60" })
        {
            start.ArgumentList.Add(a);
        }

        using var process = System.Diagnostics.Process.Start(start)!;
        process.StandardInput.Close();
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        string first = process.StandardError.ReadLine() ?? "";
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        int port = int.Parse(first[(first.LastIndexOf(':') + 1)..].Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
        using (var tcp = new TcpClient())
        {
            tcp.Connect(IPAddress.Loopback, port);
            client(tcp.GetStream());
        }

        if (!process.WaitForExit(TimeSpan.FromSeconds(60)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("armvisor did not end: " + first);
        }

        return new CliResult(process.ExitCode, stdout.Result, first + "\n" + stderr.Result);
    }

    /// <summary>Reads until the stub closes the connection; returns the bytes received other than acknowledgements.</summary>
    private static int ReadToClose(NetworkStream stream)
    {
        stream.ReadTimeout = 30_000;
        int other = 0;
        byte[] buffer = new byte[256];
        int n;
        while ((n = stream.Read(buffer)) > 0)
        {
            other += buffer.AsSpan(0, n).ToArray().Count(b => b is not ((byte)'+' or (byte)'-'));
        }

        return other;
    }
}
