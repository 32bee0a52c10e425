namespace Armvisor.Integration.Tests.Network;

/// <summary>A fact too long for CI, skipped like <see cref="LongTheoryAttribute"/> unless ARMVISOR_LONG_TESTS=1.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class LongFactAttribute : FactAttribute
{
    public LongFactAttribute() => Skip = LongTheoryAttribute.SkipReason();
}
