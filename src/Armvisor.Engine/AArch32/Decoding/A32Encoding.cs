using Armvisor.Engine.Interpreter;
using Armvisor.Engine.A64.Decoding;
using Armvisor.Engine.Execution;

namespace Armvisor.Engine.AArch32.Decoding;

/// <summary>
/// One row of <see cref="A32InstructionTable"/>: an A32 encoding written as the Arm ARM bit pattern (DDI0487 F4,
/// "The A32 instruction set encoding"), most significant bit first, with <c>0</c>/<c>1</c> fixed bits, <c>x</c>
/// don't-care and <c>name:width</c> fields — the same notation and parser as the A64 table. Rows whose pattern starts
/// with <c>cond:4</c> are conditional (cond = 1111 is the unconditional space, other rows); the others fix 1111.
/// </summary>
public sealed unsafe class A32Encoding
{
    internal A32Encoding(
        string mnemonic,
        string pattern,
        InstructionClass instructionClass,
        delegate* managed<InterpreterVcpu, DecodedInstruction*, bool> handler,
        delegate* managed<uint, DecodedInstruction*, bool> prepare,
        GeneratorPolicy generatorPolicy)
    {
        Mnemonic = mnemonic;
        Pattern = pattern;
        Class = instructionClass;
        Handler = handler;
        Prepare = prepare;
        GeneratorPolicy = generatorPolicy;
        (FixedMask, FixedBits, EncodingField[] fields) = A64Encoding.ParsePattern(mnemonic, pattern);
        Fields = fields;
        Unconditional = (FixedMask >> 28) == 0xF && (FixedBits >> 28) == 0xF;
        if (!Unconditional && (fields.Length == 0 || fields[0].Name != "cond" || fields[0].Width != 4))
        {
            throw new EncodingPatternException($"{mnemonic}: an A32 pattern starts with cond:4 or 1111");
        }
    }

    public string Mnemonic { get; }

    public string Pattern { get; }

    public InstructionClass Class { get; }

    public uint FixedMask { get; }

    public uint FixedBits { get; }

    public IReadOnlyList<EncodingField> Fields { get; }

    public GeneratorPolicy GeneratorPolicy { get; }

    /// <summary>The row lies in the unconditional space (bits [31:28] = 1111).</summary>
    public bool Unconditional { get; }

    internal delegate* managed<InterpreterVcpu, DecodedInstruction*, bool> Handler { get; }

    internal delegate* managed<uint, DecodedInstruction*, bool> Prepare { get; }

    /// <summary>True when <paramref name="instruction"/> has this encoding's fixed bits and condition space.</summary>
    public bool Matches(uint instruction) =>
        (instruction & FixedMask) == FixedBits && (Unconditional || (instruction >> 28) != 0xF);

    public override string ToString() => $"{Mnemonic} {Pattern}";
}
