namespace Armvisor.Integration.Tests.GuestKit;

/// <summary>
/// guests/systest32 (an ARMv7-A system guest: SVC/UNDEFINED/BKPT, prefetch and data aborts with IFSR/IFAR and
/// DFSR/DFAR, alignment, banked registers, the short-descriptor MMU with sections, supersections, small and large
/// pages, domains and DACR, AP and the access flag, high vectors, exclusives, and a checksum of integer results) prints
/// the same lines on <c>qemu-system-arm -M virt -cpu cortex-a15</c> and on Armvisor.
/// </summary>
public class SystemGuestAArch32Tests
{
    [RequiresAArch32Fact]
    public void Systest32_OnArmvisor_NoFailures()
    {
        GuestReport r = ArmvisorGuest.Run("systest32.elf", 60);

        Assert.True(r.ExitCode == ArmvisorGuest.PoweredOff, r.ToString());
        r.ExpectCleanEnd();
        r.Expect("translation-l2", "fsr", "0x27");
        r.Expect("domain-page", "fsr", "0x2b");
        r.Expect("permission", "fsr", "0x82f");
        r.Expect("high-vectors", "count", "0x1");
        r.Expect("timer-fires", "istatus", "0x1");
    }

    [RequiresAArch32Fact]
    public void Systest32_QemuCortexA15AndArmvisor_SameLines()
    {
        string elf = GuestKitBuild.Guest("systest32.elf");
        GuestReport qemu = QemuGuest.RunAArch32(elf, 60, cpu: "cortex-a15");
        GuestReport armvisor = ArmvisorGuest.Run("systest32.elf", 60);

        string[] expected = Lines(qemu.Output);
        string[] actual = Lines(armvisor.Output);
        Assert.True(expected.Length > 25, $"QEMU printed too little\n{qemu}");
        for (int i = 0; i < Math.Max(expected.Length, actual.Length); i++)
        {
            string want = i < expected.Length ? expected[i] : "(nothing)";
            string got = i < actual.Length ? actual[i] : "(nothing)";
            Assert.True(want == got, $"line {i + 1}: QEMU '{want}', Armvisor '{got}'\n--- QEMU\n{qemu}\n--- Armvisor\n{armvisor}");
        }
    }

    private static string[] Lines(string output) =>
        output.Replace("\r", "", StringComparison.Ordinal).Split('\n', StringSplitOptions.RemoveEmptyEntries);
}
