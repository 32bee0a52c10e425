using System.Buffers.Binary;
using System.Text;

namespace Armvisor.Bench.Differential;

/// <summary>
/// A random-instruction test guest: the runner (guests/build/difftest-runner.bin) at 0x40000000 and a job of cases
/// laid out as <see cref="DiffLayout"/> says. One raw binary, loaded at 0x40000000 and entered at its first byte.
/// </summary>
public sealed class TestImage
{
    private TestImage(byte[] bytes, int caseCount, string resultsFile)
    {
        Bytes = bytes;
        CaseCount = caseCount;
        ResultsFile = resultsFile;
    }

    /// <summary>The raw binary, from <see cref="DiffLayout.RunnerBase"/>.</summary>
    public byte[] Bytes { get; }

    public int CaseCount { get; }

    /// <summary>The host file the runner writes its results to under semihosting (QEMU).</summary>
    public string ResultsFile { get; }

    /// <summary>Where the runner leaves the result records.</summary>
    public ulong ResultsAddress => DiffLayout.ResultsBase(CaseCount);

    public int ResultsSize => CaseCount * DiffLayout.RecordSize;

    /// <summary>Builds the image of <paramref name="cases"/>; <paramref name="scratchSeed"/> fills the scratch buffer.</summary>
    /// <param name="resultsFile">
    /// Where QEMU writes the results. The name is in every copy of the image (QEMU's and Armvisor's alike), since
    /// literal loads of the cases may read it.
    /// </param>
    public static TestImage Build(ReadOnlySpan<byte> runner, IReadOnlyList<CaseInput> cases, ulong scratchSeed, bool enableMmu,
        string resultsFile = "")
    {
        if (cases.Count == 0 || cases.Count > DiffLayout.MaxCasesPerImage)
        {
            throw new ArgumentOutOfRangeException(nameof(cases), $"1..{DiffLayout.MaxCasesPerImage} cases per image");
        }

        if (runner.Length > (int)(DiffLayout.JobBase - DiffLayout.RunnerBase))
        {
            throw new ArgumentException("the runner overlaps the job area", nameof(runner));
        }

        int count = cases.Count;
        var image = new byte[(int)(DiffLayout.ResultsBase(count) - DiffLayout.RunnerBase)];
        runner.CopyTo(image);
        Span<byte> job = image.AsSpan(Offset(DiffLayout.JobBase));
        Put(job, DiffLayout.MagicOffset, DiffLayout.Magic);
        Put(job, DiffLayout.CountOffset, (ulong)count);
        Put(job, DiffLayout.InputsOffset, DiffLayout.Inputs);
        Put(job, DiffLayout.ResultsOffset, DiffLayout.ResultsBase(count));
        Put(job, DiffLayout.ScratchOffset, DiffLayout.Scratch);
        Put(job, DiffLayout.PristineOffset, DiffLayout.Pristine);
        Put(job, DiffLayout.FlagsOffset, enableMmu ? DiffLayout.FlagMmu : 0);
        Put(job, DiffLayout.FileNameOffset, DiffLayout.FileName);
        Put(job, DiffLayout.ResultsSizeOffset, (ulong)(count * DiffLayout.RecordSize));

        var rng = new SplitMix64(scratchSeed);
        Span<byte> scratch = image.AsSpan(Offset(DiffLayout.Scratch), DiffLayout.ScratchSize);
        for (int i = 0; i < DiffLayout.ScratchSize; i += 8)
        {
            BinaryPrimitives.WriteUInt64LittleEndian(scratch[i..], rng.Next());
        }

        scratch.CopyTo(image.AsSpan(Offset(DiffLayout.Pristine), DiffLayout.ScratchSize));
        byte[] name = Encoding.UTF8.GetBytes(resultsFile + "\0");
        if (name.Length > 0x1000)
        {
            throw new ArgumentException("results path too long", nameof(resultsFile));
        }

        name.CopyTo(image.AsSpan(Offset(DiffLayout.FileName)));

        ulong saveState = BinaryPrimitives.ReadUInt64LittleEndian(runner[DiffLayout.RunnerSaveStateOffset..]);
        for (int i = 0; i < count; i++)
        {
            CaseInput c = cases[i];
            ulong code = DiffLayout.Code + ((ulong)i * 8);
            BinaryPrimitives.WriteUInt32LittleEndian(image.AsSpan(Offset(code)), c.Instruction);
            BinaryPrimitives.WriteUInt32LittleEndian(image.AsSpan(Offset(code + 4)), Branch(code + 4, saveState));
            Span<byte> r = image.AsSpan(Offset(DiffLayout.Inputs + ((ulong)i * DiffLayout.RecordSize)), DiffLayout.RecordSize);
            for (int x = 0; x < 31; x++)
            {
                Put(r, DiffLayout.InX + (x * 8), c.X[x]);
            }

            Put(r, DiffLayout.InSp, c.Sp);
            Put(r, DiffLayout.InNzcv, c.Nzcv);
            Put(r, DiffLayout.InFpcr, c.Fpcr);
            Put(r, DiffLayout.InFpsr, c.Fpsr);
            Put(r, DiffLayout.InCode, code);
            for (int v = 0; v < 32; v++)
            {
                BinaryPrimitives.WriteUInt128LittleEndian(r[(DiffLayout.InV + (v * 16))..], c.V[v]);
            }
        }

        return new TestImage(image, count, resultsFile);
    }

    /// <summary>A copy that asks the runner to write its results to <see cref="ResultsFile"/> with semihosting (for QEMU).</summary>
    public byte[] WithSemihostingOutput()
    {
        byte[] copy = (byte[])Bytes.Clone();
        Span<byte> job = copy.AsSpan(Offset(DiffLayout.JobBase));
        ulong flags = BinaryPrimitives.ReadUInt64LittleEndian(job[DiffLayout.FlagsOffset..]);
        Put(job, DiffLayout.FlagsOffset, flags | DiffLayout.FlagSemihosting);
        return copy;
    }

    /// <summary>B (DDI0487 C6.2.26): 000101 imm26, offset from the branch itself.</summary>
    private static uint Branch(ulong from, ulong to) => 0x1400_0000u | ((uint)((long)(to - from) >> 2) & 0x03FF_FFFF);

    private static int Offset(ulong address) => (int)(address - DiffLayout.RunnerBase);

    private static void Put(Span<byte> span, int offset, ulong value) => BinaryPrimitives.WriteUInt64LittleEndian(span[offset..], value);
}
