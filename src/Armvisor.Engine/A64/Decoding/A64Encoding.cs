using Armvisor.Engine.Execution;
using Armvisor.Engine.Interpreter;

namespace Armvisor.Engine.A64.Decoding;

/// <summary>
/// One row of <see cref="A64InstructionTable"/>: an encoding written as the Arm ARM bit pattern (fixed bits and named
/// fields, decodetree style, most significant bit first), its class, its handler, how operands are pre-decoded and
/// whether the differential generator may emit it.
/// </summary>
public sealed unsafe class A64Encoding
{
    internal A64Encoding(
        string mnemonic,
        string pattern,
        InstructionClass instructionClass,
        delegate* managed<InterpreterVcpu, DecodedInstruction*, bool> handler,
        delegate* managed<uint, DecodedInstruction*, bool> prepare,
        GeneratorPolicy generatorPolicy,
        bool endsBlock)
    {
        Mnemonic = mnemonic;
        Pattern = pattern;
        Class = instructionClass;
        Handler = handler;
        Prepare = prepare;
        GeneratorPolicy = generatorPolicy;
        EndsBlock = endsBlock;
        (FixedMask, FixedBits, Fields) = ParsePattern(mnemonic, pattern);
    }

    /// <summary>The Arm mnemonic of the encoding (one row per encoding form, e.g. <c>ADD (immediate)</c> is "ADD_imm").</summary>
    public string Mnemonic { get; }

    /// <summary>The bit pattern as written in the table, e.g. <c>"sf:1 0 0 100010 sh:1 imm12:12 Rn:5 Rd:5"</c>.</summary>
    public string Pattern { get; }

    public InstructionClass Class { get; }

    /// <summary>Bits that the pattern fixes.</summary>
    public uint FixedMask { get; }

    /// <summary>The values of the fixed bits (zero outside <see cref="FixedMask"/>).</summary>
    public uint FixedBits { get; }

    /// <summary>Named fields, most significant first.</summary>
    public IReadOnlyList<EncodingField> Fields { get; }

    public GeneratorPolicy GeneratorPolicy { get; }

    /// <summary>The instruction ends a basic block (it may change PC, PSTATE or the translation regime).</summary>
    public bool EndsBlock { get; }

    internal delegate* managed<InterpreterVcpu, DecodedInstruction*, bool> Handler { get; }

    /// <summary>Fills the operand slots from the encoding; returns false if this value of the fields is unallocated.</summary>
    internal delegate* managed<uint, DecodedInstruction*, bool> Prepare { get; }

    /// <summary>True when <paramref name="instruction"/> has this encoding's fixed bits.</summary>
    public bool Matches(uint instruction) => (instruction & FixedMask) == FixedBits;

    /// <summary>The named field, or throws if the pattern has none of that name.</summary>
    public EncodingField Field(string name)
    {
        foreach (EncodingField field in Fields)
        {
            if (field.Name == name)
            {
                return field;
            }
        }

        throw new EncodingPatternException($"{Mnemonic} has no field {name}");
    }

    public override string ToString() => $"{Mnemonic} {Pattern}";

    internal static (uint Mask, uint Bits, EncodingField[] Fields) ParsePattern(string mnemonic, string pattern)
    {
        uint mask = 0, bits = 0;
        var fields = new List<EncodingField>();
        int position = 32;
        foreach (string token in pattern.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            int colon = token.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0)
            {
                int width = int.Parse(token.AsSpan(colon + 1), System.Globalization.CultureInfo.InvariantCulture);
                position -= width;
                fields.Add(new EncodingField(token[..colon], position, width));
                continue;
            }

            foreach (char c in token)
            {
                position--;
                if (position < 0)
                {
                    break;
                }

                switch (c)
                {
                    case '0':
                        mask |= 1u << position;
                        break;
                    case '1':
                        mask |= 1u << position;
                        bits |= 1u << position;
                        break;
                    case 'x':
                        break;
                    default:
                        throw new EncodingPatternException($"{mnemonic}: bad character '{c}' in \"{pattern}\"");
                }
            }
        }

        if (position != 0)
        {
            throw new EncodingPatternException($"{mnemonic}: \"{pattern}\" covers {32 - position} bits, not 32");
        }

        return (mask, bits, fields.ToArray());
    }
}
