using System.Buffers.Binary;
using System.Diagnostics;

namespace Armvisor.Integration.Tests.GuestKit;

/// <summary>
/// guests/armvisor-guest, the static Linux arm64 program: built static for AArch64, and run under qemu-aarch64 (user
/// mode, where WFE is never trapped) it reports "absent" and refuses bad watchdog arguments without touching a device.
/// </summary>
public class ArmvisorGuestProgramTests
{
    private static (int ExitCode, string Output) RunUnderQemuUser(params string[] arguments)
    {
        var start = new ProcessStartInfo(HostTools.QemuUser)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(GuestKitBuild.Guest("armvisor-guest"));
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using Process process = Process.Start(start)!;
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        string stdout = process.StandardOutput.ReadToEnd();
        if (!process.WaitForExit(TimeSpan.FromSeconds(30)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"armvisor-guest {string.Join(' ', arguments)} did not finish");
        }

        return (process.ExitCode, stdout + stderr.Result);
    }

    [RequiresQemuUserFact]
    public void Binary_Built_IsStaticAarch64Elf()
    {
        byte[] elf = File.ReadAllBytes(GuestKitBuild.Guest("armvisor-guest"));

        Assert.Equal([0x7F, (byte)'E', (byte)'L', (byte)'F', 2], elf[..5]); // ELFCLASS64
        Assert.Equal(183, BinaryPrimitives.ReadUInt16LittleEndian(elf.AsSpan(18))); // EM_AARCH64
        ulong programHeaders = BinaryPrimitives.ReadUInt64LittleEndian(elf.AsSpan(32));
        int entrySize = BinaryPrimitives.ReadUInt16LittleEndian(elf.AsSpan(54));
        int count = BinaryPrimitives.ReadUInt16LittleEndian(elf.AsSpan(56));
        for (int i = 0; i < count; i++)
        {
            uint type = BinaryPrimitives.ReadUInt32LittleEndian(elf.AsSpan((int)programHeaders + i * entrySize));
            Assert.NotEqual(3u, type); // PT_INTERP: a dynamically linked program
        }
    }

    [RequiresQemuUserFact]
    public void Detect_NoAgent_PrintsAbsentAndExitsOne()
    {
        (int exitCode, string output) = RunUnderQemuUser("detect");

        Assert.Equal(1, exitCode);
        Assert.Contains("agent=absent attempts=3", output, StringComparison.Ordinal);
    }

    [RequiresQemuUserFact]
    public void Watchdog_NoDevice_FailsWithTheDriverHint()
    {
        (int exitCode, string output) = RunUnderQemuUser("watchdog", "--timeout", "5s", "--device", "/nonexistent/watchdog");

        Assert.Equal(1, exitCode);
        Assert.Contains("armvisor_wdt", output, StringComparison.Ordinal);
    }

    [RequiresQemuUserFact]
    public void Watchdog_TimeoutNotWholeSeconds_IsAUsageError()
    {
        (int exitCode, string output) = RunUnderQemuUser("watchdog", "--timeout", "1500ms");

        Assert.Equal(2, exitCode);
        Assert.Contains("whole number of seconds", output, StringComparison.Ordinal);
    }

    [RequiresQemuUserFact]
    public void Main_UnknownCommand_PrintsUsage()
    {
        (int exitCode, string output) = RunUnderQemuUser("frobnicate");

        Assert.Equal(2, exitCode);
        Assert.Contains("usage: armvisor-guest detect", output, StringComparison.Ordinal);
    }
}
