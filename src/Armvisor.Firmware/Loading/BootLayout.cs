using Armvisor.Memory;

namespace Armvisor.Firmware.Loading;

/// <summary>
/// The guest RAM range and everything placed in it so far; every placement is checked against RAM and against the
/// others, so overlaps are reported with both names instead of silently corrupting an image.
/// </summary>
public sealed class BootLayout
{
    private readonly List<PlacedComponent> _components = [];

    public BootLayout(AddressRange ram) => Ram = ram;

    public AddressRange Ram { get; }

    public IReadOnlyList<PlacedComponent> Components => _components;

    /// <summary>Claims <paramref name="range"/> for <paramref name="name"/>.</summary>
    public void Place(string name, AddressRange range)
    {
        if (range.Length > Ram.Length)
        {
            throw new BootImageException(BootImageError.LargerThanRam, $"{name} of {range.Length} bytes is larger than guest RAM ({Ram.Length} bytes)");
        }

        if (!Ram.Contains(range.Start, range.Length))
        {
            throw new BootImageException(BootImageError.OverlappingPlacement, $"{name} at {range} lies outside guest RAM {Ram}");
        }

        var clash = _components.Find(c => c.Range.Overlaps(range));
        if (clash is not null)
        {
            throw new BootImageException(BootImageError.OverlappingPlacement, $"{name} at {range} overlaps {clash.Name} at {clash.Range}");
        }

        _components.Add(new PlacedComponent(name, range));
    }

    /// <summary>True when <paramref name="range"/> is inside RAM and free.</summary>
    public bool IsFree(AddressRange range) =>
        Ram.Contains(range.Start, range.Length) && !_components.Exists(c => c.Range.Overlaps(range));

    /// <summary>The first RAM address at or above <paramref name="from"/>, aligned to <paramref name="alignment"/>, after which <paramref name="length"/> bytes are free.</summary>
    public GuestPhysicalAddress? FindFree(GuestPhysicalAddress from, ulong length, ulong alignment)
    {
        var candidate = AlignUp(Math.Max(from.Value, Ram.Start.Value), alignment);
        while (candidate + length <= Ram.End.Value && candidate + length > candidate)
        {
            var range = new AddressRange(new GuestPhysicalAddress(candidate), length);
            var clash = _components.Find(c => c.Range.Overlaps(range));
            if (clash is null)
            {
                return range.Start;
            }

            candidate = AlignUp(clash.Range.End.Value, alignment);
        }

        return null;
    }

    internal static ulong AlignUp(ulong value, ulong alignment) => (value + alignment - 1) & ~(alignment - 1);
}
