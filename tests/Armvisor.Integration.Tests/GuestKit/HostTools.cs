namespace Armvisor.Integration.Tests.GuestKit;

/// <summary>The host programs the guest-kit tests need: QEMU, the aarch64 cross compiler and make, found on PATH.</summary>
internal static class HostTools
{
    public const string Qemu = "qemu-system-aarch64";

    public const string CrossCompiler = "aarch64-linux-gnu-gcc";

    /// <summary>The AArch32 emulator (same Debian package as qemu-system-aarch64).</summary>
    public const string Qemu32 = "qemu-system-arm";

    /// <summary>The AArch32 cross compiler for the AArch32 client's guest.</summary>
    public const string CrossCompiler32 = "arm-linux-gnueabihf-gcc";

    /// <summary>QEMU's Linux user-mode emulator (Debian qemu-user), for the static armvisor-guest program.</summary>
    public const string QemuUser = "qemu-aarch64";

    /// <summary>The full path of <paramref name="program"/> on PATH, or null.</summary>
    public static string? Find(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(directory => Path.Combine(directory, program))
            .FirstOrDefault(File.Exists);

    /// <summary>Why guests cannot be built here (null when they can).</summary>
    public static string? MissingForBuild() =>
        Find(CrossCompiler) is null ? $"{CrossCompiler} is not installed (Debian gcc-aarch64-linux-gnu; scripts/install-deps.sh)"
        : Find("make") is null ? "make is not installed"
        : null;

    /// <summary>Why the Linux program cannot be run under qemu-aarch64 here (null when it can).</summary>
    public static string? MissingForQemuUser() =>
        MissingForBuild() ?? (Find(QemuUser) is null ? $"{QemuUser} is not installed (Debian qemu-user; scripts/install-deps.sh)" : null);

    /// <summary>Why the AArch32 guest cannot be built and run here (null when it can).</summary>
    public static string? MissingForAArch32() =>
        MissingForBuild()
        ?? (Find(CrossCompiler32) is null ? $"{CrossCompiler32} is not installed (Debian gcc-arm-linux-gnueabihf; scripts/install-deps.sh)"
        : Find(Qemu32) is null ? $"{Qemu32} is not installed (Debian qemu-system-arm)" : null);

    /// <summary>Why guests cannot be run on QEMU here (null when they can).</summary>
    public static string? MissingForQemu() =>
        MissingForBuild() ?? (Find(Qemu) is null ? $"{Qemu} is not installed (Debian qemu-system-arm; scripts/install-deps.sh)" : null);
}
