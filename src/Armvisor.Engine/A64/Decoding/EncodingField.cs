namespace Armvisor.Engine.A64.Decoding;

/// <summary>A named field of an encoding, <c>Name:Width</c> at bits [Lsb + Width - 1 : Lsb].</summary>
public readonly record struct EncodingField(string Name, int Lsb, int Width)
{
    /// <summary>The field's bits in an instruction word, right-aligned.</summary>
    public uint Extract(uint instruction) => (instruction >> Lsb) & (uint)((1UL << Width) - 1);

    /// <summary>The field's mask within the word.</summary>
    public uint Mask => (uint)(((1UL << Width) - 1) << Lsb);
}
