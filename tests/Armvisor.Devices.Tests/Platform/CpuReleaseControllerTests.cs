using Armvisor.Arm64;
using Armvisor.Devices.Platform;

namespace Armvisor.Devices.Tests.Platform;

public class CpuReleaseControllerTests
{
    private const ulong Entry = 0x7FFF_0800;

    private readonly RecordingReleaseTarget _cpus = new(0x0, 0x1, 0x2, 0x1_0000_0003);
    private readonly CpuReleaseController _device;

    public CpuReleaseControllerTests() => _device = new CpuReleaseController(_cpus);

    private ulong Read(ulong offset, AccessSize size = AccessSize.Doubleword) => _device.Read(offset, size);

    private void Write(ulong offset, ulong value, AccessSize size = AccessSize.Doubleword) => _device.Write(offset, size, value);

    [Fact]
    public void Id_Read_IsTheBlockSignature()
    {
        Assert.Equal(CpuReleaseController.Identification, Read(CpuReleaseController.IdOffset, AccessSize.Word));
        Write(CpuReleaseController.IdOffset, 0, AccessSize.Word);
        Assert.Equal(CpuReleaseController.Identification, Read(CpuReleaseController.IdOffset, AccessSize.Word));
    }

    [Fact]
    public void Entry_Written_ReadsBackWithBits1To0AsZero()
    {
        Write(CpuReleaseController.EntryOffset, Entry | 3);

        Assert.Equal(Entry, Read(CpuReleaseController.EntryOffset));
    }

    [Fact]
    public void Entry_TwoWordWrites_FormTheDoubleword()
    {
        Write(CpuReleaseController.EntryOffset, 0x8000_0000, AccessSize.Word);
        Write(CpuReleaseController.EntryOffset + 4, 0x12, AccessSize.Word);

        Assert.Equal(0x12_8000_0000UL, Read(CpuReleaseController.EntryOffset));
    }

    [Fact]
    public void Release_KnownMpidr_PowersThatCpuOnAtEntry()
    {
        Write(CpuReleaseController.EntryOffset, Entry);

        Write(CpuReleaseController.ReleaseOffset, 2);

        Assert.Equal([(2UL, Entry)], _cpus.Releases);
        Assert.Equal((ulong)CpuReleaseStatus.Released, Read(CpuReleaseController.StatusOffset, AccessSize.Word));
    }

    [Fact]
    public void Release_Aff3_ReachesTheTarget()
    {
        Write(CpuReleaseController.EntryOffset, Entry);

        Write(CpuReleaseController.ReleaseOffset, 0x1_0000_0003);

        Assert.Equal([(0x1_0000_0003UL, Entry)], _cpus.Releases);
    }

    [Fact]
    public void Release_NonAffinityBits_AreIgnored()
    {
        Write(CpuReleaseController.EntryOffset, Entry);

        // MPIDR_EL1 bit 31 (RES1) and U (bit 30) are not affinity: the write still names Aff0 = 1.
        Write(CpuReleaseController.ReleaseOffset, 0xC000_0001);

        Assert.Equal([(1UL, Entry)], _cpus.Releases);
    }

    [Fact]
    public void Release_Read_IsZero()
    {
        Write(CpuReleaseController.EntryOffset, Entry);
        Write(CpuReleaseController.ReleaseOffset, 1);

        Assert.Equal(0UL, Read(CpuReleaseController.ReleaseOffset));
    }

    [Fact]
    public void Release_UnknownMpidr_IgnoredWithStatus()
    {
        Write(CpuReleaseController.EntryOffset, Entry);

        Write(CpuReleaseController.ReleaseOffset, 0x7);

        Assert.Empty(_cpus.Releases);
        Assert.Equal((ulong)CpuReleaseStatus.UnknownCpu, Read(CpuReleaseController.StatusOffset, AccessSize.Word));
    }

    [Fact]
    public void Release_WithoutEntry_IgnoredWithStatus()
    {
        Write(CpuReleaseController.ReleaseOffset, 1);

        Assert.Empty(_cpus.Releases);
        Assert.Equal((ulong)CpuReleaseStatus.NoEntry, Read(CpuReleaseController.StatusOffset, AccessSize.Word));
    }

    [Fact]
    public void Release_SameCpuTwice_SecondIsAlreadyOn()
    {
        Write(CpuReleaseController.EntryOffset, Entry);
        Write(CpuReleaseController.ReleaseOffset, 1);

        Write(CpuReleaseController.ReleaseOffset, 1);

        Assert.Single(_cpus.Releases);
        Assert.Equal((ulong)CpuReleaseStatus.AlreadyOn, Read(CpuReleaseController.StatusOffset, AccessSize.Word));
    }

    [Fact]
    public void Release_WordWriteAfterAff3Write_NamesAff3Zero()
    {
        Write(CpuReleaseController.EntryOffset, Entry);
        Write(CpuReleaseController.ReleaseOffset, 0x5_0000_0000); // Aff3 = 5: no such CPU

        Write(CpuReleaseController.ReleaseOffset, 2, AccessSize.Word);

        Assert.Equal([(2UL, Entry)], _cpus.Releases);
    }

    [Fact]
    public void UnknownOffsets_ReadAsZeroAndIgnoreWritesWithoutThrowing()
    {
        Write(0x800, ulong.MaxValue);
        Write(0xFF8, ulong.MaxValue);

        Assert.Equal(0UL, Read(0x800));
        Assert.Equal(0UL, Read(0xFFC, AccessSize.Word));
        Assert.Empty(_cpus.Releases);
    }

    [Fact]
    public void Reset_ClearsEntryAndStatus()
    {
        Write(CpuReleaseController.EntryOffset, Entry);
        Write(CpuReleaseController.ReleaseOffset, 9);

        _device.Reset();

        Assert.Equal(0UL, Read(CpuReleaseController.EntryOffset));
        Assert.Equal((ulong)CpuReleaseStatus.Idle, Read(CpuReleaseController.StatusOffset, AccessSize.Word));
    }
}
