namespace Armvisor.Firmware.Assembly;

/// <summary>An operand field of an A64 encoding: <see cref="Width"/> bits at <see cref="Shift"/> (DDI0487 C4.1).</summary>
internal readonly record struct A64Field(int Shift, int Width)
{
    public static readonly A64Field Rd = new(0, 5);
    public static readonly A64Field Rt = new(0, 5);
    public static readonly A64Field Rn = new(5, 5);
    public static readonly A64Field Rm = new(16, 5);
    public static readonly A64Field Imm16 = new(5, 16);
    public static readonly A64Field Hw = new(21, 2);
    public static readonly A64Field Imm12 = new(10, 12);
    public static readonly A64Field Imm19 = new(5, 19);
    public static readonly A64Field Imm26 = new(0, 26);
    public static readonly A64Field Cond = new(0, 4);
    public static readonly A64Field ImmLo = new(29, 2);
    public static readonly A64Field ImmHi = new(5, 19);

    /// <summary>Places <paramref name="value"/> (two's complement for signed fields) in the field, checking it fits.</summary>
    public uint Encode(long value, bool signed = false)
    {
        var min = signed ? -(1L << (Width - 1)) : 0;
        var max = signed ? (1L << (Width - 1)) - 1 : (1L << Width) - 1;
        if (value < min || value > max)
        {
            throw new ArgumentOutOfRangeException(nameof(value), $"{value} does not fit a {Width}-bit field");
        }

        return (uint)((ulong)value & ((1UL << Width) - 1)) << Shift;
    }
}
