namespace Armvisor.Bench.Differential;

/// <summary>The layout of the random-instruction test image; mirrors guests/difftest/layout.h.</summary>
public static class DiffLayout
{
    public const ulong RunnerBase = 0x4000_0000;
    public const ulong JobBase = 0x4010_0000;
    public const ulong Magic = 0x4646_4944_564D_5241; // "ARMVDIFF"
    public const int MagicOffset = 0;
    public const int CountOffset = 8;
    public const int InputsOffset = 16;
    public const int ResultsOffset = 24;
    public const int ScratchOffset = 32;
    public const int PristineOffset = 40;
    public const int FlagsOffset = 48;
    public const int FileNameOffset = 56;
    public const int ResultsSizeOffset = 64;
    public const ulong FlagMmu = 1;
    public const ulong FlagSemihosting = 2;

    /// <summary>The scratch buffer the loads and stores address, and its pristine copy.</summary>
    public const ulong Scratch = JobBase + 0x1000;
    public const ulong Pristine = JobBase + 0x2000;
    public const int ScratchSize = 4096;

    /// <summary>The file name for the semihosting output.</summary>
    public const ulong FileName = JobBase + 0x3000;

    /// <summary>Two words per case: the instruction, then B save_state. Literal loads reach ±1 MB from here, all in RAM.</summary>
    public const ulong Code = JobBase + 0x1_0000;

    public const ulong Inputs = 0x4020_0000;
    public const int RecordSize = 1024;

    /// <summary>Offset of the runner's save_state address in the runner binary.</summary>
    public const int RunnerSaveStateOffset = 8;

    public const int InX = 0;
    public const int InSp = 248;
    public const int InNzcv = 256;
    public const int InFpcr = 264;
    public const int InFpsr = 272;
    public const int InCode = 280;
    public const int InV = 512;

    public const int OutX = 0;
    public const int OutSp = 248;
    public const int OutNzcv = 256;
    public const int OutFpsr = 264;
    public const int OutKind = 272;
    public const int OutEsr = 280;
    public const int OutElr = 288;
    public const int OutFar = 296;
    public const int OutFpcr = 304;
    public const int OutMemCount = 312;
    public const int OutMem = 320;
    public const int OutMemMax = 8;
    public const int OutDone = 448;
    public const int OutSpsr = 456;
    public const int OutV = 512;
    public const ulong ResultDone = 0x454E_4F44; // "DONE"

    /// <summary>Most cases per image: the code (8 bytes each) must stay below <see cref="Inputs"/>.</summary>
    public const int MaxCasesPerImage = (int)((Inputs - Code) / 8);

    public static ulong ResultsBase(int caseCount) => Inputs + ((ulong)caseCount * RecordSize);
}
