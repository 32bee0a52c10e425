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
}
