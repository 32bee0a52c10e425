using Armvisor.Integration.Tests.GuestKit;
using Armvisor.Integration.Tests.Infrastructure;

namespace Armvisor.Integration.Tests.Conformance;

/// <summary>Where the read-only kvm-unit-tests tarball is (issue 21): ../shared/conformance beside the clone.</summary>
internal static class KvmUnitTestsSuite
{
    public const string Tarball = "kvm-unit-tests.tar.gz";

    /// <summary>The directory holding the tarball and its commit file, or null.</summary>
    public static string? Directory
    {
        get
        {
            if (Environment.GetEnvironmentVariable("KVM_UNIT_TESTS_DIR") is { Length: > 0 } configured)
            {
                return File.Exists(Path.Combine(configured, Tarball)) ? configured : null;
            }

            // CI: a fresh clone with shared/ next to it; a git worktree here sits one level deeper.
            foreach (string relative in new[] { "../shared/conformance", "../../shared/conformance" })
            {
                string candidate = Path.GetFullPath(Path.Combine(ArmvisorCli.RepositoryRoot, relative));
                if (File.Exists(Path.Combine(candidate, Tarball)))
                {
                    return candidate;
                }
            }

            return null;
        }
    }

    /// <summary>Why the suite cannot run here (null when it can).</summary>
    public static string? Missing() =>
        HostTools.MissingForQemu()
        ?? (Directory is null ? $"{Tarball} not found in ../shared/conformance beside the repository (or KVM_UNIT_TESTS_DIR)" : null);
}
