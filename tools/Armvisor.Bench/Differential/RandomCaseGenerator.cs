namespace Armvisor.Bench.Differential;

/// <summary>
/// Generates random test cases from the engine's encoding table (dynarmic's fuzz_with_unicorn idea, emulators.md 4.4):
/// pick a class (weighted by its number of encodings, with a floor so small classes still appear), then an encoding
/// of it, fill its named fields at random, keep memory accesses inside the scratch buffer, and draw a register file
/// biased towards corner values. Case <c>i</c> of seed <c>S</c> depends only on (S, i), so any case can be regenerated
/// alone.
/// </summary>
public sealed class RandomCaseGenerator
{
    private const int MaxAttempts = 64;

    /// <summary>Register fields, by their Arm ARM names.</summary>
    private static readonly string[] TransferRegisterFields = ["Rt", "Rt2", "Rs", "Rm", "Ra", "Rd"];

    private static readonly ulong[] Corners =
    [
        0, 1, 2, 0x7F, 0x80, 0xFF, 0x7FFF, 0x8000, 0xFFFF, 0x7FFF_FFFF, 0x8000_0000, 0xFFFF_FFFF, 0x1_0000_0000,
        0x7FFF_FFFF_FFFF_FFFF, 0x8000_0000_0000_0000, 0xFFFF_FFFF_FFFF_FFFF, 0xFFFF_FFFF_FFFF_FFFE,
        0x8000_0000_0000_0001, 0x5555_5555_5555_5555, 0xAAAA_AAAA_AAAA_AAAA,
    ];

    /// <summary>Doubleword and word FP special values (0, -0, 1, infinities, NaNs, denormals, max) for vector lanes.</summary>
    private static readonly ulong[] FpCorners =
    [
        0x0000_0000_0000_0000, 0x8000_0000_0000_0000, 0x3FF0_0000_0000_0000, 0x7FF0_0000_0000_0000,
        0xFFF0_0000_0000_0000, 0x7FF8_0000_0000_0000, 0x7FF0_0000_0000_0001, 0x0000_0000_0000_0001,
        0x7FEF_FFFF_FFFF_FFFF, 0x000F_FFFF_FFFF_FFFF,
        0x3F80_0000_7F80_0000, 0x7FC0_0000_FF80_0000, 0x0000_0001_8000_0000, 0x7F7F_FFFF_7FA0_0000,
    ];

    private readonly IEncodingCatalog _catalog;
    private readonly Dictionary<string, EncodingTemplate[]> _byClass;
    private readonly string[] _classes;

    /// <summary>Cumulative class weights: a class weighs its number of encodings, but at least 2 % of all of them.</summary>
    private readonly ulong[] _cumulativeWeights;

    /// <param name="classes">Only these classes (null: every class the catalog offers).</param>
    public RandomCaseGenerator(IEncodingCatalog catalog, ulong seed, IReadOnlyCollection<string>? classes = null)
    {
        _catalog = catalog;
        Seed = seed;
        _byClass = catalog.Templates
            .Where(t => classes is null || classes.Contains(t.ClassName, StringComparer.OrdinalIgnoreCase))
            .GroupBy(t => t.ClassName)
            .ToDictionary(g => g.Key, g => g.ToArray());
        _classes = _byClass.Keys.Order(StringComparer.Ordinal).ToArray();
        if (_classes.Length == 0)
        {
            throw new ArgumentException("no random-testable encoding in the requested classes", nameof(classes));
        }

        ulong total = (ulong)_byClass.Values.Sum(t => t.Length);
        ulong floor = Math.Max(1, total / 50);
        _cumulativeWeights = new ulong[_classes.Length];
        ulong sum = 0;
        for (int i = 0; i < _classes.Length; i++)
        {
            sum += Math.Max((ulong)_byClass[_classes[i]].Length, floor);
            _cumulativeWeights[i] = sum;
        }
    }

    public ulong Seed { get; }

    /// <summary>The classes cases are drawn from, in a fixed order.</summary>
    public IReadOnlyList<string> Classes => _classes;

    /// <summary>Case <paramref name="index"/> of this run.</summary>
    public CaseInput Generate(long index)
    {
        ulong caseSeed = SplitMix64.CaseSeed(Seed, index);
        var rng = new SplitMix64(caseSeed);
        for (int attempt = 0; attempt < MaxAttempts; attempt++)
        {
            string cls = PickClass(ref rng);
            EncodingTemplate[] templates = _byClass[cls];
            EncodingTemplate template = templates[rng.Below((ulong)templates.Length)];
            uint word = template.FixedBits | ((uint)rng.Next() & ~template.FixedMask);
            if (template.Policy == GenerationPolicy.ConstrainedMemory)
            {
                word = ConstrainMemoryFields(template, word, ref rng);
            }

            EncodingTemplate? decoded = _catalog.Decode(word);
            if (decoded is null || decoded.Mnemonic != template.Mnemonic)
            {
                continue;
            }

            var input = new CaseInput(word, template, caseSeed);
            FillRegisters(input, ref rng);
            if (template.Policy == GenerationPolicy.ConstrainedMemory)
            {
                PointIntoScratch(input, template, word, ref rng);
            }

            return input;
        }

        throw new InvalidOperationException($"seed 0x{Seed:X} case {index}: no decodable encoding after {MaxAttempts} attempts");
    }

    private string PickClass(ref SplitMix64 rng)
    {
        ulong r = rng.Below(_cumulativeWeights[^1]);
        int i = 0;
        while (r >= _cumulativeWeights[i])
        {
            i++;
        }

        return _classes[i];
    }

    /// <summary>Small immediates and distinct registers for a memory access (see <see cref="GenerationPolicy.ConstrainedMemory"/>).</summary>
    private static uint ConstrainMemoryFields(EncodingTemplate template, uint word, ref SplitMix64 rng)
    {
        if (template.Field("imm12") is { } imm12)
        {
            word = imm12.Insert(word, (uint)rng.Below(32));
        }

        // Base register: SP one time in eight, else X0..X30.
        uint rn = rng.OneIn(8) ? 31u : (uint)rng.Below(31);
        if (template.Field("Rn") is { } rnField)
        {
            word = rnField.Insert(word, rn);
        }

        var used = new HashSet<uint> { rn };
        foreach (string name in TransferRegisterFields)
        {
            if (template.Field(name) is not { } field)
            {
                continue;
            }

            uint r;
            do
            {
                r = (uint)rng.Below(32);
            }
            while (used.Contains(r));
            used.Add(r);
            word = field.Insert(word, r);
        }

        return word;
    }

    private static void FillRegisters(CaseInput input, ref SplitMix64 rng)
    {
        for (int i = 0; i < 31; i++)
        {
            input.X[i] = Value(ref rng);
        }

        for (int i = 0; i < 32; i++)
        {
            input.V[i] = ((UInt128)VectorHalf(ref rng) << 64) | VectorHalf(ref rng);
        }

        input.Nzcv = rng.Below(16) << 28;
        // FPCR: AHP, DN, FZ, RMode (bits [26:22], DDI0487 C5.2.7); the trap enables are RAZ/WI on a Cortex-A72.
        input.Fpcr = rng.Below(32) << 22;
        // FPSR: QC and the cumulative exception flags (DDI0487 C5.2.8).
        input.Fpsr = rng.Next() & 0x0800_009F;
        // SP stays 16-byte aligned: QEMU does not implement the SP alignment check (SCTLR_EL1.SA, DDI0487 D1.8.2),
        // so a misaligned SP base would compare QEMU's omission. The engine's unit tests cover that fault.
        input.Sp = DiffLayout.Scratch + 2048 + (rng.Below(33) * 16) - 256;
    }

    /// <summary>Base register into the scratch buffer, index register small (DiffLayout: scratch is 4 KB).</summary>
    private static void PointIntoScratch(CaseInput input, EncodingTemplate template, uint word, ref SplitMix64 rng)
    {
        uint rn = template.Field("Rn")?.Extract(word) ?? 31;
        if (rn != 31)
        {
            ulong offset = 1536 + rng.Below(1024);
            input.X[rn] = DiffLayout.Scratch + (template.AlignedBase || rng.OneIn(2) ? offset & ~15UL : offset);
        }

        if (template.Field("Rm")?.Extract(word) is { } rm && rm != 31 && rm != rn)
        {
            input.X[rm] = rng.Below(64);
        }
    }

    private static ulong Value(ref SplitMix64 rng) => rng.Below(8) switch
    {
        0 => Corners[rng.Below((ulong)Corners.Length)],
        1 => rng.Below(256),
        2 => 0UL - rng.Below(256),
        3 => rng.Next() & 0xFFFF_FFFF,
        4 => (rng.Next() & 0xFFFF_FFFF) | 0xFFFF_FFFF_0000_0000,
        _ => rng.Next(),
    };

    private static ulong VectorHalf(ref SplitMix64 rng) => rng.Below(4) switch
    {
        0 => FpCorners[rng.Below((ulong)FpCorners.Length)],
        1 => Value(ref rng),
        _ => rng.Next(),
    };
}
