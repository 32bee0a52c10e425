namespace Armvisor.Integration.Tests.Linux;

/// <summary>
/// A theory skipped unless <c>ARMVISOR_TEST_ARMHF=1</c>: Debian's armhf busybox is Thumb-2 with hard-float VFP, which
/// the AArch32 engine runs only once T32 and VFP/Advanced SIMD are in (issue 15, branches t32 and vfp); until then the
/// armhf kernel boots to "Run /init as init process" and these tests are opt-in (docs/linux.md).
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class RequiresArmhfUserlandTheoryAttribute : TheoryAttribute
{
    public RequiresArmhfUserlandTheoryAttribute()
    {
        if (Environment.GetEnvironmentVariable("ARMVISOR_TEST_ARMHF") != "1")
        {
            Skip = "armhf userland needs the T32 and VFP engine parts: set ARMVISOR_TEST_ARMHF=1 to run";
        }
    }
}
