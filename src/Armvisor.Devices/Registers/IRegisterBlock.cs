namespace Armvisor.Devices.Registers;

/// <summary>
/// A span of a <see cref="RegisterMap"/>: either one <see cref="Register"/> or a <see cref="RegisterArray"/>.
/// Accesses reach a block one naturally aligned unit (Word or Doubleword) at a time.
/// </summary>
internal interface IRegisterBlock
{
    string Name { get; }

    ulong Offset { get; }

    ulong Length { get; }

    /// <summary>Bytes per unit: 4 or 8.</summary>
    int UnitSize { get; }

    /// <summary>Reads the unit at <paramref name="unitOffset"/> (relative to <see cref="Offset"/>).</summary>
    ulong ReadUnit(ulong unitOffset);

    /// <summary>Writes the bits of <paramref name="value"/> selected by <paramref name="bitMask"/> into the unit.</summary>
    void WriteUnit(ulong unitOffset, ulong value, ulong bitMask);
}
