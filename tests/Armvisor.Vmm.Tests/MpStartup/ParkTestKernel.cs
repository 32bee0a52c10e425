using System.Buffers.Binary;

namespace Armvisor.Vmm.Tests.MpStartup;

/// <summary>
/// A tiny arm64 Image (booting.rst header) that plays the OS of the parking protocol together with the test:
/// <list type="bullet">
/// <item>The boot CPU waits in WFE on a command block; when the host sets <see cref="CommandOffset"/> to non-zero and
/// wakes it, it writes the Doubleword at <see cref="SgiValueOffset"/> to ICC_SGI1R_EL1 (the OS's wake-up IPI through
/// the GIC), clears the command and waits again.</item>
/// <item><see cref="ReleasedEntryOffset"/> is the JumpAddress the test gives a secondary: it stores its MPIDR_EL1 at
/// <see cref="ResultOffset"/> and calls PSCI SYSTEM_OFF (HVC), which ends the run.</item>
/// </list>
/// </summary>
internal static class ParkTestKernel
{
    public const int CommandOffset = 0x800;
    public const int SgiValueOffset = 0x808;
    public const int ResultOffset = 0x900;
    public const int ReleasedEntryOffset = 0x200;
    private const int Size = 0x1000;

    /// <summary>PSCI SYSTEM_OFF (DEN0022D §5.10).</summary>
    private const uint SystemOff = 0x8400_0008;

    public static byte[] Build()
    {
        var image = new byte[Size];
        new GuestCode(image, 0).Branch(0x40);                                  // code0: b to the code after the header
        BinaryPrimitives.WriteUInt64LittleEndian(image.AsSpan(8), 0);          // text_offset
        BinaryPrimitives.WriteUInt64LittleEndian(image.AsSpan(16), Size);      // image_size
        BinaryPrimitives.WriteUInt64LittleEndian(image.AsSpan(24), 0b0010);    // flags: LE, 4 KiB pages
        BinaryPrimitives.WriteUInt32LittleEndian(image.AsSpan(56), 0x644D_5241); // "ARM\x64"

        const int wait = 0x44;
        var boot = new GuestCode(image, 0x40).Adr(1, CommandOffset);
        boot.Wfe()                                   // wait:
            .LdrWord(2, 1, 0)
            .CbzWord(2, wait)
            .LdrDoubleword(3, 1, SgiValueOffset - CommandOffset)
            .MsrIccSgi1r(3)
            .StrWord(31, 1, 0)
            .Branch(wait);

        new GuestCode(image, ReleasedEntryOffset)
            .MrsMpidr(5)
            .Adr(6, ResultOffset)
            .StrDoubleword(5, 6, 0)
            .MovWord(0, SystemOff)
            .Hvc()
            .Branch(ReleasedEntryOffset + 24);
        BinaryPrimitives.WriteUInt64LittleEndian(image.AsSpan(ResultOffset), ulong.MaxValue);
        return image;
    }
}
