using System.Globalization;

namespace Armvisor.Engine.Tests.Simd;

/// <summary>
/// One line of a QEMU reference file (Reference/README.md): an instruction, the register state before it and either the
/// state after it or "UNDEF". State order: fpcr fpsr nzcv x0..x3 v0lo v0hi .. v3lo v3hi (inputs); fpsr nzcv x0..x3
/// v0lo .. v3hi (outputs).
/// </summary>
public sealed record ReferenceCase(uint Instruction, ulong[] Inputs, ulong[]? Outputs, string Line)
{
    public static ReferenceCase Parse(string line)
    {
        string[] halves = line.Split(" => ");
        ulong[] inputs = halves[0].Split(' ').Select(Hex).ToArray();
        ulong[]? outputs = halves[1] == "UNDEF" ? null : halves[1].Split(' ').Select(Hex).ToArray();
        return new ReferenceCase((uint)inputs[0], inputs[1..], outputs, line);
    }

    private static ulong Hex(string s) => ulong.Parse(s, NumberStyles.HexNumber, CultureInfo.InvariantCulture);

    public ulong Fpcr => Inputs[0];

    public ulong Fpsr => Inputs[1];

    public ulong Nzcv => Inputs[2];

    public ulong X(int n) => Inputs[3 + n];

    public UInt128 V(int n) => new(Inputs[8 + (2 * n)], Inputs[7 + (2 * n)]);
}
