namespace Armvisor.Engine.SystemLevel;

/// <summary>What makes one vCPU's identification registers: the partition's options and the vCPU's MPIDR_EL1.</summary>
/// <param name="Options">The partition options (MIDR, which agents exist).</param>
/// <param name="Mpidr">MPIDR_EL1 affinity value; bit 31 is RES1 and is forced on.</param>
public sealed record CpuIdentity(PartitionOptions Options, ulong Mpidr)
{
    /// <summary>The default affinity of vCPU <paramref name="index"/>: Aff0 = index (Aff1 above 255), bit 31 RES1 (DDI0487 D24.2.110).</summary>
    public static ulong DefaultMpidr(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        uint aff0 = (uint)index & 0xFF;
        uint aff1 = ((uint)index >> 8) & 0xFF;
        return 0x8000_0000UL | ((ulong)aff1 << 8) | aff0;
    }
}
