using Armvisor.Engine.A64.Decoding;

namespace Armvisor.Bench.Differential;

/// <summary>
/// The engine's declarative table (<see cref="A64InstructionTable"/>) as the generator's catalog: every row flagged
/// random-testable, plus the rows this harness can test safely although the table leaves them out (see
/// <see cref="HarnessSafe"/>). The table has no overlapping rows, so the first matching row is the decoder's choice.
/// </summary>
public sealed class EngineEncodingCatalog : IEncodingCatalog
{
    /// <summary>
    /// Rows the table marks non-testable that this runner makes deterministic: literal loads (the runner keeps
    /// ±1 MB around the case code in static RAM, see DiffLayout.Code) and exclusives/acquire-release (the runner
    /// executes CLREX before every case, so a lone STXR fails deterministically; alignment faults compare too).
    /// Each entry names the fields that the Arm ARM marks "should be one" for that form (DDI0487 C6.2: Rs and Rt2 of
    /// the non-pair forms), which the generator then fixes at 0b11111 instead of drawing.
    /// </summary>
    private static readonly Dictionary<string, string[]> HarnessSafe = new(StringComparer.Ordinal)
    {
        ["LDR_lit_W"] = [], ["LDR_lit_X"] = [], ["LDRSW_lit"] = [],
        ["LDR_lit_S"] = [], ["LDR_lit_D"] = [], ["LDR_lit_Q"] = [],
        ["STXR"] = ["Rt2"], ["STLXR"] = ["Rt2"], ["LDXR"] = ["Rs", "Rt2"], ["LDAXR"] = ["Rs", "Rt2"],
        ["STXP"] = [], ["STLXP"] = [], ["LDXP"] = ["Rs"], ["LDAXP"] = ["Rs"],
        ["STLR"] = ["Rs", "Rt2"], ["LDAR"] = ["Rs", "Rt2"], ["LDAPR"] = [],
    };

    /// <summary>
    /// Store-exclusives get an aligned base: with the monitor clear, QEMU 7.2 reports failure (status 1) without the
    /// alignment check that AArch64.ExclusiveMonitorsPass performs first (DDI0487 J1), so a misaligned case would
    /// compare QEMU's deviation, not the engine. The engine's own tests cover that alignment fault.
    /// </summary>
    private static readonly string[] AlignedBaseRows = ["STXR", "STLXR", "STXP", "STLXP"];

    /// <summary>
    /// Fields held at one value because QEMU's cortex-a72 and Armvisor's Armv8.0 PE differ in an optional feature, not
    /// in behaviour: QEMU's model includes the Cryptographic Extension (FEAT_PMULL: PMULL/PMULL2 with size = 0b11),
    /// Armvisor's ID_AA64ISAR0.AES reads 0 so that form is UNDEFINED here. Only the base AdvSIMD form (size = 0b00)
    /// is compared.
    /// </summary>
    private static readonly Dictionary<string, (string Field, uint Value)[]> FeatureDifferences = new(StringComparer.Ordinal)
    {
        ["PMULL"] = [("size", 0)],
    };

    private readonly (A64Encoding Row, EncodingTemplate? Template)[] _rows;

    private EngineEncodingCatalog()
    {
        _rows = A64InstructionTable.Encodings.Select(e => (e, ToTemplate(e))).ToArray();
        Templates = _rows.Where(r => r.Template is not null).Select(r => r.Template!).ToArray();
    }

    public static EngineEncodingCatalog Instance { get; } = new();

    public IReadOnlyList<EncodingTemplate> Templates { get; }

    public EncodingTemplate? Decode(uint word)
    {
        foreach ((A64Encoding row, EncodingTemplate? template) in _rows)
        {
            if (row.Matches(word))
            {
                return template is not null && (word & template.FixedMask) == template.FixedBits ? template : null;
            }
        }

        return null;
    }

    private static EncodingTemplate? ToTemplate(A64Encoding e)
    {
        uint mask = e.FixedMask, bits = e.FixedBits;
        var fields = e.Fields.Select(f => new TemplateField(f.Name, f.Lsb, f.Width)).ToList();
        GenerationPolicy policy;
        switch (e.GeneratorPolicy)
        {
            case GeneratorPolicy.Always:
                policy = GenerationPolicy.Free;
                break;
            case GeneratorPolicy.ConstrainedBaseRegister:
                policy = GenerationPolicy.ConstrainedMemory;
                break;
            default:
                if (!HarnessSafe.TryGetValue(e.Mnemonic, out string[]? shouldBeOne))
                {
                    return null;
                }

                policy = fields.Any(f => f.Name == "Rn") ? GenerationPolicy.ConstrainedMemory : GenerationPolicy.Free;
                foreach (TemplateField f in fields.Where(f => shouldBeOne.Contains(f.Name)).ToArray())
                {
                    mask |= f.Mask;
                    bits |= f.Mask;
                    fields.Remove(f);
                }

                break;
        }

        if (FeatureDifferences.TryGetValue(e.Mnemonic, out (string Field, uint Value)[]? pinned))
        {
            foreach ((string name, uint value) in pinned)
            {
                TemplateField f = fields.Single(x => x.Name == name);
                mask |= f.Mask;
                bits = (bits & ~f.Mask) | ((value << f.Lsb) & f.Mask);
                fields.Remove(f);
            }
        }

        return new EncodingTemplate(e.Mnemonic, e.Class.ToString(), mask, bits, fields, policy)
        {
            AlignedBase = AlignedBaseRows.Contains(e.Mnemonic),
        };
    }
}
