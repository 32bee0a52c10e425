using Armvisor.Bench.Differential;
using Armvisor.Bench.Qemu;

namespace Armvisor.Differential.Tests;

/// <summary>The runner guest and the generator, checked on QEMU alone (they must be right before comparing anything).</summary>
public sealed class RunnerReferenceTests
{
    [RequiresQemuFact]
    public void Run_SampleTemplatesOnQemu_EveryRecordCompleteAndNoFailure()
    {
        byte[] runner = File.ReadAllBytes(GuestBuild.PathOf("difftest-runner.bin"));
        var diff = new DifferentialRunner(SampleTemplates.Catalog, runner, engine: null, new QemuRunner(),
            Path.Combine(Path.GetTempPath(), "armvisor-difftest-tests"));

        DifferentialReport report = diff.Run(new DifferentialOptions(Count: 2000, Seed: 0x5EED, BatchSize: 1000));

        Assert.True(report.Passed, report.Format());
        Assert.Equal(2000, report.Cases);
        Assert.Equal(3, report.Classes.Count);
    }

    /// <summary>ADD/ADDS/SUB/SUBS (immediate), DDI0487 C6.2.4 and AddWithCarry (J1): the runner must carry the state faithfully.</summary>
    [RequiresQemuFact]
    public void RunOnQemu_AddImmediateCases_MatchAddWithCarry()
    {
        var catalog = new PatternCatalog([SampleTemplates.Catalog.Templates[0]]);
        var generator = new RandomCaseGenerator(catalog, 0xADD);
        CaseInput[] cases = Enumerable.Range(0, 300).Select(i => generator.Generate(i)).ToArray();
        var diff = new DifferentialRunner(catalog, [], null, new QemuRunner(), Path.Combine(Path.GetTempPath(), "armvisor-difftest-tests"));
        var image = TestImage.Build(File.ReadAllBytes(GuestBuild.PathOf("difftest-runner.bin")), cases, 1, enableMmu: true,
            diff.ResultsPath(0xADD, 0));

        var report = new DifferentialReport(0xADD, referenceOnly: true);
        CaseResult[]? results = diff.RunOnQemu(image, "add-imm", report);

        Assert.True(results is not null, string.Join('\n', report.Failures));
        for (int i = 0; i < cases.Length; i++)
        {
            (ulong[] x, ulong sp, ulong nzcv) = ModelAddImmediate(cases[i]);
            Assert.Equal(0UL, results[i].Kind);
            Assert.Equal(x, results[i].X);
            Assert.Equal(sp, results[i].Sp);
            Assert.Equal(nzcv, results[i].Nzcv);
            Assert.Equal(cases[i].V, results[i].V);
            Assert.Equal(0UL, results[i].MemoryChanges);
        }
    }

    private static (ulong[] X, ulong Sp, ulong Nzcv) ModelAddImmediate(CaseInput c)
    {
        uint w = c.Instruction;
        bool sf = (w >> 31) != 0, sub = ((w >> 30) & 1) != 0, setFlags = ((w >> 29) & 1) != 0;
        ulong imm = ((w >> 10) & 0xFFF) << (((w >> 22) & 1) != 0 ? 12 : 0);
        int rn = (int)((w >> 5) & 31), rd = (int)(w & 31);
        ulong[] x = (ulong[])c.X.Clone();
        ulong sp = c.Sp, nzcv = c.Nzcv;
        ulong op1 = rn == 31 ? c.Sp : c.X[rn];
        ulong op2 = sub ? ~imm : imm;
        ulong mask = sf ? ulong.MaxValue : 0xFFFF_FFFF;
        op1 &= mask;
        op2 &= mask;
        ulong carryIn = sub ? 1UL : 0UL;
        UInt128 unsignedSum = (UInt128)op1 + op2 + carryIn;
        ulong result = (ulong)unsignedSum & mask;
        if (setFlags)
        {
            int bits = sf ? 64 : 32;
            bool n = ((result >> (bits - 1)) & 1) != 0;
            bool z = result == 0;
            bool carry = (unsignedSum >> bits) != 0;
            long s1 = sf ? (long)op1 : (int)op1, s2 = sf ? (long)op2 : (int)op2;
            Int128 signedSum = (Int128)s1 + s2 + (long)carryIn;
            long signedResult = sf ? (long)result : (int)(uint)result;
            bool v = signedSum != signedResult;
            nzcv = (n ? 8UL : 0) << 28 | (z ? 4UL : 0) << 28 | (carry ? 2UL : 0) << 28 | (v ? 1UL : 0) << 28;
            if (rd != 31)
            {
                x[rd] = result;
            }
        }
        else if (rd == 31)
        {
            sp = result;
        }
        else
        {
            x[rd] = result;
        }

        return (x, sp, nzcv);
    }
}
