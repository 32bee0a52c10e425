namespace Armvisor.Arm64;

/// <summary>PSCI 1.1 function IDs (Arm DEN0022D §5.1), SMC32 and SMC64 forms.</summary>
public enum PsciFunction : uint
{
    Version = 0x8400_0000,
    CpuSuspend32 = 0x8400_0001,
    CpuSuspend64 = 0xC400_0001,
    CpuOff = 0x8400_0002,
    CpuOn32 = 0x8400_0003,
    CpuOn64 = 0xC400_0003,
    AffinityInfo32 = 0x8400_0004,
    AffinityInfo64 = 0xC400_0004,
    MigrateInfoType = 0x8400_0006,
    SystemOff = 0x8400_0008,
    SystemReset = 0x8400_0009,
    Features = 0x8400_000A,
    SystemSuspend32 = 0x8400_000E,
    SystemSuspend64 = 0xC400_000E,
    SystemReset2_32 = 0x8400_0012,
    SystemReset2_64 = 0xC400_0012,
}
