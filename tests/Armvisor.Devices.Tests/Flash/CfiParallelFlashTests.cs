using Armvisor.Arm64;
using Armvisor.Devices.Flash;
using Armvisor.Memory;

namespace Armvisor.Devices.Tests.Flash;

public sealed class CfiParallelFlashTests : IDisposable
{
    // A small bank of QEMU virt's shape: 32-bit bus, two x16 chips, 256 KiB blocks (128 KiB per chip).
    private static readonly FlashGeometry s_geometry = FlashGeometry.QemuVirt with { Size = 1UL << 20 };

    private readonly GuestRam _storage = new(new GuestPhysicalAddress(0), s_geometry.Size);
    private readonly RecordingWindow _window = new();
    private readonly byte[] _fileBytes = new byte[s_geometry.Size];
    private readonly MemoryStream _file;

    public CfiParallelFlashTests() => _file = new MemoryStream(_fileBytes);

    public void Dispose()
    {
        _storage.Dispose();
        _file.Dispose();
    }

    private CfiParallelFlash Bank(bool readOnly = false) => new(_storage, s_geometry, readOnly, _file, _window);

    private static void Command(CfiParallelFlash bank, ulong offset, byte command) =>
        bank.Write(offset, AccessSize.Word, ((ulong)command << 16) | command);

    [Fact]
    public void Read_CfiQueryWordRead_QryInEveryChipLane()
    {
        CfiParallelFlash bank = Bank();

        Command(bank, 0x55 * 4, 0x98);

        // JESD68.01 §4.3: "QRY" at chip addresses 0x10-0x12; chip address = bus address / bank width.
        Assert.Equal(0x0051_0051UL, bank.Read(0x10 * 4, AccessSize.Word));
        Assert.Equal(0x0052_0052UL, bank.Read(0x11 * 4, AccessSize.Word));
        Assert.Equal(0x0059UL, bank.Read(0x12 * 4, AccessSize.Halfword));
        Assert.Equal(0x0001_0001UL, bank.Read(0x13 * 4, AccessSize.Word)); // Intel/Sharp extended command set
        Assert.Equal(19UL, bank.Read(0x27 * 4, AccessSize.Byte));           // each chip is 2^19 bytes of the 1 MiB bank
        Assert.Equal(0x0000_0000_0050_0050UL, bank.Read(0x31 * 4, AccessSize.Word) & 0xFFFF_FFFF); // "PRI"
    }

    [Fact]
    public void Read_QueryThenReadArray_ArrayMappedAgainAndDataVisible()
    {
        _storage.GetSpan(new GuestPhysicalAddress(0x40), 4).Fill(0xAB);
        CfiParallelFlash bank = Bank();

        Command(bank, 0, 0x98);
        Assert.Equal([false], _window.Changes);
        Command(bank, 0, 0xFF);

        Assert.Equal([false, true], _window.Changes);
        Assert.True(bank.InReadArrayMode);
        Assert.Equal(0xABAB_ABABUL, bank.Read(0x40, AccessSize.Word));
    }

    [Fact]
    public void Read_Identifier_ManufacturerAndDeviceReplicated()
    {
        CfiParallelFlash bank = Bank();

        Command(bank, 0, 0x90);

        Assert.Equal(0x0089_0089UL, bank.Read(0, AccessSize.Word));
        Assert.Equal(0x0018_0018UL, bank.Read(4, AccessSize.Word));
        Assert.Equal(0UL, bank.Read(8, AccessSize.Word)); // block lock status: unlocked
    }

    [Fact]
    public void Write_WordProgram_ClearsBitsOnlyAndWritesThroughToFile()
    {
        _storage.GetSpan(new GuestPhysicalAddress(0x100), 4).Fill(0xF0);
        CfiParallelFlash bank = Bank();

        Command(bank, 0x100, 0x40);
        bank.Write(0x100, AccessSize.Word, 0x3C3C_3C3C);

        Assert.Equal(0x0080_0080UL, bank.Read(0x100, AccessSize.Word)); // status: ready, no error
        Command(bank, 0, 0xFF);
        Assert.Equal(0x3030_3030UL, bank.Read(0x100, AccessSize.Word)); // 0xF0 AND 0x3C
        Assert.Equal(0x30, _fileBytes[0x103]);
    }

    [Fact]
    public void Write_BlockEraseConfirmed_WholeBlockErased()
    {
        CfiParallelFlash bank = Bank();

        Command(bank, 0x4_1230, 0x20);
        Command(bank, 0x4_1230, 0xD0);

        Assert.Equal(0x0080_0080UL, bank.Read(0, AccessSize.Word));
        Assert.All(_storage.GetSpan(new GuestPhysicalAddress(0x4_0000), 0x4_0000).ToArray(), b => Assert.Equal(0xFF, b));
        Assert.Equal(0, _storage.GetSpan(new GuestPhysicalAddress(0x3_FFFF), 1)[0]);
        Assert.Equal(0, _storage.GetSpan(new GuestPhysicalAddress(0x8_0000), 1)[0]);
        Assert.Equal(0xFF, _fileBytes[0x7_FFFF]);
    }

    [Fact]
    public void Write_EraseWithoutConfirm_SequenceErrorAndNothingErased()
    {
        CfiParallelFlash bank = Bank();

        Command(bank, 0, 0x20);
        Command(bank, 0, 0xFF);

        Assert.Equal(0x00B0_00B0UL, bank.Read(0, AccessSize.Word)); // SR.7 | SR.5 | SR.4
        Assert.Equal(0, _storage.GetSpan(new GuestPhysicalAddress(0), 1)[0]);
    }

    [Fact]
    public void Write_BufferedProgramConfirmed_EveryWordWritten()
    {
        _storage.GetSpan(new GuestPhysicalAddress(0x200), 16).Fill(0xFF);
        CfiParallelFlash bank = Bank();

        Command(bank, 0x200, 0xE8);
        Assert.Equal(0x0080_0080UL, bank.Read(0x200, AccessSize.Word)); // XSR.7: a buffer is available
        bank.Write(0x200, AccessSize.Word, 0x0003_0003);                // four words per chip
        for (ulong i = 0; i < 4; i++)
        {
            bank.Write(0x200 + (4 * i), AccessSize.Word, 0x1111_1111 * (i + 1));
        }

        Assert.Equal(0xFF, _storage.GetSpan(new GuestPhysicalAddress(0x200), 1)[0]); // nothing before the confirm
        Command(bank, 0x200, 0xD0);
        Command(bank, 0, 0xFF);

        Assert.Equal(0x4444_4444UL, bank.Read(0x20C, AccessSize.Word));
        Assert.Equal(0x1111_1111UL, bank.Read(0x200, AccessSize.Word));
    }

    [Fact]
    public void Write_BufferedProgramAborted_DataDiscardedAndSequenceError()
    {
        _storage.GetSpan(new GuestPhysicalAddress(0x200), 4).Fill(0xFF);
        CfiParallelFlash bank = Bank();

        Command(bank, 0x200, 0xE8);
        bank.Write(0x200, AccessSize.Word, 0);
        bank.Write(0x200, AccessSize.Word, 0x1234_5678);
        Command(bank, 0x200, 0xFF); // not the confirm

        Assert.Equal(0x00B0_00B0UL, bank.Read(0, AccessSize.Word));
        Command(bank, 0, 0xFF);
        Assert.Equal(0xFFFF_FFFFUL, bank.Read(0x200, AccessSize.Word));
    }

    [Fact]
    public void Write_BufferCountBeyondWriteBuffer_SequenceError()
    {
        CfiParallelFlash bank = Bank();

        Command(bank, 0, 0xE8);
        bank.Write(0, AccessSize.Word, 0x0400_0400); // 1025 words of 2 bytes > 2 KiB per chip

        Assert.Equal(0x00B0_00B0UL, bank.Read(0, AccessSize.Word));
    }

    [Fact]
    public void Write_ProgramReadOnlyBank_ProgramErrorLockedAndUnchanged()
    {
        CfiParallelFlash bank = Bank(readOnly: true);

        Command(bank, 0, 0x40);
        bank.Write(0, AccessSize.Word, 0);
        Command(bank, 0x4_0000, 0x20);
        Command(bank, 0x4_0000, 0xD0);

        Assert.Equal(0x00B2_00B2UL, bank.Read(0, AccessSize.Word)); // SR.7 | SR.5 | SR.4 | SR.1
        Assert.Equal(0, _storage.GetSpan(new GuestPhysicalAddress(0x4_0000), 1)[0]);
        Assert.DoesNotContain(_fileBytes, b => b != 0);
    }

    [Fact]
    public void Write_ClearStatus_ErrorsClearedAndReadArray()
    {
        CfiParallelFlash bank = Bank(readOnly: true);
        Command(bank, 0, 0x40);
        bank.Write(0, AccessSize.Word, 0);

        Command(bank, 0, 0x50);
        Command(bank, 0, 0x70);

        Assert.Equal(0UL, bank.Read(0, AccessSize.Word));
    }

    private sealed class RecordingWindow : IFlashArrayWindow
    {
        public List<bool> Changes { get; } = [];

        public void SetArrayVisible(bool visible) => Changes.Add(visible);
    }
}
