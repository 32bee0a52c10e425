namespace Armvisor.Integration.Tests.Conformance;

/// <summary>A fact skipped, with the reason, when the kvm-unit-tests tarball, QEMU or the cross compiler is missing.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class RequiresKvmUnitTestsFactAttribute : FactAttribute
{
    public RequiresKvmUnitTestsFactAttribute()
    {
        if (KvmUnitTestsSuite.Missing() is { } reason)
        {
            Skip = reason;
        }
    }
}
