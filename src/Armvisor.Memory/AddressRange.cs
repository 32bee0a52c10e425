namespace Armvisor.Memory;

/// <summary>A half-open range [Start, Start + Length) of guest physical addresses.</summary>
public readonly record struct AddressRange(GuestPhysicalAddress Start, ulong Length)
{
    /// <summary>First address past the range.</summary>
    public GuestPhysicalAddress End => new(Start.Value + Length);

    public bool Contains(GuestPhysicalAddress address) => address.Value - Start.Value < Length;

    public bool Contains(GuestPhysicalAddress address, ulong length) =>
        address.Value >= Start.Value && length <= Length && address.Value - Start.Value <= Length - length;

    public bool Overlaps(AddressRange other) => Start.Value < other.End.Value && other.Start.Value < End.Value;

    public override string ToString() => $"[{Start}, 0x{End.Value:X})";
}
