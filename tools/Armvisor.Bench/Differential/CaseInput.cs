namespace Armvisor.Bench.Differential;

/// <summary>One generated test case: an instruction and the register file it starts from.</summary>
public sealed class CaseInput
{
    public CaseInput(uint instruction, EncodingTemplate template, ulong seed)
    {
        Instruction = instruction;
        Template = template;
        Seed = seed;
    }

    public uint Instruction { get; }

    public EncodingTemplate Template { get; }

    /// <summary>The case's own seed (derived from the run seed and the case index).</summary>
    public ulong Seed { get; }

    /// <summary>X0..X30.</summary>
    public ulong[] X { get; } = new ulong[31];

    public ulong Sp { get; set; }

    /// <summary>NZCV in bits [31:28].</summary>
    public ulong Nzcv { get; set; }

    public ulong Fpcr { get; set; }

    public ulong Fpsr { get; set; }

    /// <summary>V0..V31.</summary>
    public UInt128[] V { get; } = new UInt128[32];
}
