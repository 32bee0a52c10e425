namespace Armvisor.Bench.Differential;

/// <summary>
/// One encoding the generator may emit: the engine table's row seen from the test side (mnemonic, class, fixed bits,
/// named fields). Bits neither fixed nor in a field are filled at random.
/// </summary>
public sealed record EncodingTemplate(
    string Mnemonic,
    string ClassName,
    uint FixedMask,
    uint FixedBits,
    IReadOnlyList<TemplateField> Fields,
    GenerationPolicy Policy)
{
    /// <summary>The base register must be 16-byte aligned (see <see cref="EngineEncodingCatalog"/> for why).</summary>
    public bool AlignedBase { get; init; }

    /// <summary>The field named <paramref name="name"/>, or null.</summary>
    public TemplateField? Field(string name)
    {
        foreach (TemplateField f in Fields)
        {
            if (f.Name == name)
            {
                return f;
            }
        }

        return null;
    }

    public override string ToString() => $"{Mnemonic} ({ClassName})";

    /// <summary>
    /// A template from an Arm ARM bit pattern in the engine table's notation (most significant bit first; 0/1 fixed,
    /// x free, <c>Name:Width</c> a field), e.g. <c>"sf:1 0 0 100010 sh:1 imm12:12 Rn:5 Rd:5"</c>.
    /// </summary>
    public static EncodingTemplate FromPattern(string mnemonic, string className, string pattern, GenerationPolicy policy)
    {
        uint mask = 0, bits = 0;
        var fields = new List<TemplateField>();
        int position = 32;
        foreach (string token in pattern.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            int colon = token.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0)
            {
                int width = int.Parse(token.AsSpan(colon + 1), System.Globalization.CultureInfo.InvariantCulture);
                position -= width;
                fields.Add(new TemplateField(token[..colon], position, width));
                continue;
            }

            foreach (char c in token)
            {
                position--;
                if (position < 0 || c is not ('0' or '1' or 'x'))
                {
                    throw new FormatException($"{mnemonic}: bad pattern \"{pattern}\"");
                }

                mask |= c == 'x' ? 0 : 1u << position;
                bits |= c == '1' ? 1u << position : 0;
            }
        }

        return position != 0
            ? throw new FormatException($"{mnemonic}: \"{pattern}\" covers {32 - position} bits, not 32")
            : new EncodingTemplate(mnemonic, className, mask, bits, fields, policy);
    }
}
