namespace Armvisor.Memory;

/// <summary>An intermediate physical address as the guest sees it (the IPA, before stage 2).</summary>
public readonly record struct GuestPhysicalAddress(ulong Value) : IComparable<GuestPhysicalAddress>
{
    public static GuestPhysicalAddress operator +(GuestPhysicalAddress address, ulong offset) => new(checked(address.Value + offset));

    public static ulong operator -(GuestPhysicalAddress a, GuestPhysicalAddress b) => a.Value - b.Value;

    public static bool operator <(GuestPhysicalAddress a, GuestPhysicalAddress b) => a.Value < b.Value;

    public static bool operator >(GuestPhysicalAddress a, GuestPhysicalAddress b) => a.Value > b.Value;

    public static bool operator <=(GuestPhysicalAddress a, GuestPhysicalAddress b) => a.Value <= b.Value;

    public static bool operator >=(GuestPhysicalAddress a, GuestPhysicalAddress b) => a.Value >= b.Value;

    public int CompareTo(GuestPhysicalAddress other) => Value.CompareTo(other.Value);

    public override string ToString() => $"0x{Value:X}";
}
