namespace Armvisor.Devices.Registers;

/// <summary>
/// A bank of registers that hold one fixed-width field per element, such as the GIC's per-INTID
/// <c>GICD_ISENABLER&lt;n&gt;</c> (1 bit), <c>GICD_ICFGR&lt;n&gt;</c> (2 bits), <c>GICD_IPRIORITYR&lt;n&gt;</c>
/// (8 bits) or <c>GICD_IROUTER&lt;n&gt;</c> (64 bits). One generic routine turns any access into per-element reads
/// and writes (Bao's <c>vgic_reg_handler_info</c>), so the device states only "what element n means".
/// </summary>
internal sealed class RegisterArray : IRegisterBlock
{
    private readonly Func<int, ulong> _read;
    private readonly Action<int, ulong>? _write;

    internal RegisterArray(string name, ulong offset, int firstElement, int elementCount, int bitsPerElement, int unitSize,
        Func<int, ulong> read, Action<int, ulong>? write)
    {
        if (bitsPerElement is not (1 or 2 or 4 or 8 or 16 or 32 or 64) || bitsPerElement > unitSize * 8)
        {
            throw new ArgumentOutOfRangeException(nameof(bitsPerElement), $"{name}: {bitsPerElement} bits per element does not pack into {unitSize}-byte registers");
        }

        Name = name;
        Offset = offset;
        FirstElement = firstElement;
        ElementCount = elementCount;
        BitsPerElement = bitsPerElement;
        UnitSize = unitSize;
        ulong bytes = ((ulong)elementCount * (ulong)bitsPerElement + 7) / 8;
        Length = (bytes + (ulong)unitSize - 1) / (ulong)unitSize * (ulong)unitSize;
        _read = read;
        _write = write;
    }

    public string Name { get; }

    public ulong Offset { get; }

    public ulong Length { get; }

    public int UnitSize { get; }

    /// <summary>The element number that the first bit of the array holds (e.g. the first INTID).</summary>
    public int FirstElement { get; }

    public int ElementCount { get; }

    public int BitsPerElement { get; }

    private ulong ElementMask => BitsPerElement == 64 ? ulong.MaxValue : (1UL << BitsPerElement) - 1;

    public ulong ReadUnit(ulong unitOffset)
    {
        ulong value = 0;
        int perUnit = UnitSize * 8 / BitsPerElement;
        int first = (int)(unitOffset * 8 / (ulong)BitsPerElement);
        for (int i = 0; i < perUnit && first + i < ElementCount; i++)
        {
            value |= (_read(FirstElement + first + i) & ElementMask) << (i * BitsPerElement);
        }

        return value;
    }

    public void WriteUnit(ulong unitOffset, ulong value, ulong bitMask)
    {
        if (_write is null)
        {
            return;
        }

        int perUnit = UnitSize * 8 / BitsPerElement;
        int first = (int)(unitOffset * 8 / (ulong)BitsPerElement);
        for (int i = 0; i < perUnit && first + i < ElementCount; i++)
        {
            int shift = i * BitsPerElement;
            ulong covered = (bitMask >> shift) & ElementMask;
            if (covered == 0)
            {
                continue;
            }

            ulong written = (value >> shift) & ElementMask;
            int element = FirstElement + first + i;
            if (covered != ElementMask)
            {
                // A narrower access to part of a wide element (e.g. one Word of a 64-bit GICD_IROUTER<n>).
                written = (_read(element) & ~covered) | (written & covered);
            }

            _write(element, written);
        }
    }
}
