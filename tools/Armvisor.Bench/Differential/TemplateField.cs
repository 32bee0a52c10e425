namespace Armvisor.Bench.Differential;

/// <summary>A named field of an encoding at bits [Lsb + Width - 1 : Lsb].</summary>
public readonly record struct TemplateField(string Name, int Lsb, int Width)
{
    public uint Mask => (uint)(((1UL << Width) - 1) << Lsb);

    public uint Extract(uint word) => (word >> Lsb) & (uint)((1UL << Width) - 1);

    public uint Insert(uint word, uint value) => (word & ~Mask) | ((value << Lsb) & Mask);
}
