using Armvisor.Engine.Interpreter;
using Armvisor.Engine.A64.Decoding;
using Armvisor.Engine.Execution;

namespace Armvisor.Engine.AArch32.Decoding;

/// <summary>
/// One row of <see cref="T32InstructionTable"/>: a 16-bit or 32-bit T32 encoding written as the Arm ARM bit pattern
/// (DDI0487 F3, "The T32 instruction set encoding"), in the A64/A32 tables' notation. A 32-bit encoding is the first
/// halfword in bits [31:16] and the second in [15:0]; a 16-bit one lies in bits [15:0]. A row either executes through
/// its own handler (<see cref="Handler"/>, with an optional operand <c>Prepare</c>), or — where T32 encodes an operation
/// A32 also has — re-maps its fields to the A32 encoding of the same operation (<c>ToA32</c>), which the A32 table then
/// decodes, so the two instruction sets share one implementation of the operation.
/// </summary>
public sealed unsafe class T32Encoding
{
    /// <summary>The A32 word <c>ToA32</c> returns for field values T32 leaves UNDEFINED or UNPREDICTABLE: A32 UDF #0.</summary>
    public const uint A32Undefined = 0xE7F0_00F0;

    internal T32Encoding(
        string mnemonic,
        string pattern,
        InstructionClass instructionClass,
        delegate* managed<InterpreterVcpu, DecodedInstruction*, bool> handler,
        delegate* managed<uint, DecodedInstruction*, bool> prepare,
        delegate* managed<uint, T32Context, uint> toA32,
        T32ItRule itRule,
        GeneratorPolicy generatorPolicy)
    {
        Mnemonic = mnemonic;
        Pattern = pattern;
        Class = instructionClass;
        Handler = handler;
        Prepare = prepare;
        ToA32 = toA32;
        ItRule = itRule;
        GeneratorPolicy = generatorPolicy;
        int width = 0;
        foreach (string token in pattern.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            int colon = token.IndexOf(':', StringComparison.Ordinal);
            width += colon > 0 ? int.Parse(token.AsSpan(colon + 1), global::System.Globalization.CultureInfo.InvariantCulture) : token.Length;
        }

        if (width != 16 && width != 32)
        {
            throw new EncodingPatternException($"{mnemonic}: a T32 pattern has 16 or 32 bits, not {width}");
        }

        Wide = width == 32;
        // A 16-bit pattern is parsed with sixteen fixed zero bits on top, so its fields keep their bit positions.
        (FixedMask, FixedBits, EncodingField[] fields) = A64Encoding.ParsePattern(mnemonic, Wide ? pattern : "0000000000000000 " + pattern);
        Fields = fields;
        // Bits [15:13] of the first halfword fixed to 111 and bit 12 or 11 fixed to 1: every value is a 32-bit encoding.
        uint ones = FixedMask & FixedBits;
        if (Wide && ((ones >> 29) != 7 || ((ones >> 27) & 3) == 0))
        {
            throw new EncodingPatternException($"{mnemonic}: the first halfword's bits [15:11] must fix the instruction's length");
        }

        if ((handler == null) == (toA32 == null))
        {
            throw new EncodingPatternException($"{mnemonic}: a T32 row has either a handler or an A32 re-mapping");
        }
    }

    public string Mnemonic { get; }

    public string Pattern { get; }

    public InstructionClass Class { get; }

    /// <summary>A 32-bit encoding (first halfword 0b11101, 0b11110 or 0b11111 in bits [15:11]).</summary>
    public bool Wide { get; }

    public uint FixedMask { get; }

    public uint FixedBits { get; }

    public IReadOnlyList<EncodingField> Fields { get; }

    public T32ItRule ItRule { get; }

    public GeneratorPolicy GeneratorPolicy { get; }

    /// <summary>The row executes through the A32 encoding of the same operation.</summary>
    public bool SharesA32Operation => ToA32 != null;

    internal delegate* managed<InterpreterVcpu, DecodedInstruction*, bool> Handler { get; }

    internal delegate* managed<uint, DecodedInstruction*, bool> Prepare { get; }

    internal delegate* managed<uint, T32Context, uint> ToA32 { get; }

    /// <summary>DDI0487 F3.1: a halfword whose bits [15:11] are 0b11101, 0b11110 or 0b11111 starts a 32-bit instruction.</summary>
    public static bool IsWide(uint firstHalfword) => (firstHalfword & 0xFFFF) >> 11 >= 0x1D;

    /// <summary>True when <paramref name="instruction"/> (16-bit in [15:0], or 32-bit) has this encoding's fixed bits.</summary>
    public bool Matches(uint instruction) => (instruction & FixedMask) == FixedBits;

    /// <summary>The A32 encoding this row re-maps <paramref name="instruction"/> to (only for <see cref="SharesA32Operation"/>).</summary>
    public uint MapToA32(uint instruction, T32Context context) => ToA32(instruction, context);

    public override string ToString() => $"{Mnemonic} {Pattern}";
}
