namespace Armvisor.Integration.Tests.Network;

/// <summary>
/// A theory too long for CI (minutes of emulated Python per case): skipped with that reason unless the environment
/// sets ARMVISOR_LONG_TESTS=1, as the script that runs it does (docs/testing.md).
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class LongTheoryAttribute : TheoryAttribute
{
    public const string Variable = "ARMVISOR_LONG_TESTS";

    public LongTheoryAttribute() => Skip = SkipReason();

    /// <summary>Why a long test is skipped, or null when ARMVISOR_LONG_TESTS=1.</summary>
    internal static string? SkipReason() =>
        Environment.GetEnvironmentVariable(Variable) == "1" ? null : $"long test (minutes under emulation): set {Variable}=1 to run it";
}
