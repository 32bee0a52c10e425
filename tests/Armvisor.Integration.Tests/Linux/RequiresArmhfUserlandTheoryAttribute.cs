namespace Armvisor.Integration.Tests.Linux;

/// <summary>
/// A theory skipped unless <c>ARMVISOR_TEST_ARMHF=1</c>: Debian's armhf kernel and busybox (Thumb-2, VFP) run to the
/// command script on the interpreted AArch32 engine, but a boot takes minutes (over 10 on a loaded 2-core host), far
/// beyond CI's budget of about 90 s per test, so these tests are opt-in (docs/linux.md).
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class RequiresArmhfUserlandTheoryAttribute : TheoryAttribute
{
    public RequiresArmhfUserlandTheoryAttribute()
    {
        if (Environment.GetEnvironmentVariable("ARMVISOR_TEST_ARMHF") != "1")
        {
            Skip = "an armhf boot on the AArch32 interpreter takes minutes: set ARMVISOR_TEST_ARMHF=1 to run";
        }
    }
}
