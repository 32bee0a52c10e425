using System.Runtime.InteropServices;
using Armvisor.Engine.Interpreter;
using Armvisor.Engine.Execution;
using Armvisor.Engine.A64.Decoding;

namespace Armvisor.Engine.Native;

/// <summary>
/// One vCPU's native x86-64 tier: its <see cref="NativeContext"/>, code cache, translator and the blocks translated
/// into the cache (a block's translation id indexes <see cref="Translated"/>). Only the vCPU's own thread uses it.
/// When the cache is full every translation is dropped and the blocks are translated again as they run (QEMU's
/// tb_flush): stale code (a block whose page was written, or dropped from the block cache) is reclaimed then.
/// </summary>
internal sealed unsafe class NativeTier : IDisposable
{
    /// <summary>Executions of a block before it is translated (the second run: code that runs once is not translated).</summary>
    public const int DefaultThreshold = 2;

    private const nuint CacheSize = 64 << 20;

    private readonly ExecutableCodeCache _cache;
    private readonly NativeBlockTranslator _translator = new();
    private readonly List<Block> _translated = [];
    private readonly PerfMap? _perfMap;
    private NativeContext* _context;

    private NativeTier(ExecutableCodeCache cache, ulong* x, ulong* v, InterpreterVcpu vcpu)
    {
        _cache = cache;
        // SAFETY: one zeroed NativeContext, freed once in Dispose; translated code is its only other user.
        _context = (NativeContext*)NativeMemory.AllocZeroed((nuint)sizeof(NativeContext));
        _context->X = x;
        _context->V = v;
        _context->MxcsrCleanValue = NativeContext.MxcsrClean;
        _translator.Vcpu = vcpu;
        // SAFETY: the table's slots, emptied by ClearJumpTable, freed in Dispose.
        _context->JumpTable = (NativeJumpTableEntry*)NativeMemory.AllocZeroed((nuint)(sizeof(NativeJumpTableEntry) << NativeJumpTableEntry.Bits));
        ClearJumpTable();
        _perfMap = PerfMap.Enabled ? PerfMap.Open() : null;
    }

    /// <summary>The tier for a vCPU whose register files are <paramref name="x"/> and <paramref name="v"/>; null on another host or when it gives no executable memory.</summary>
    public static NativeTier? TryCreate(ulong* x, ulong* v, InterpreterVcpu vcpu) =>
        HostSupported && ExecutableCodeCache.TryCreate(CacheSize) is { } cache ? new NativeTier(cache, x, v, vcpu) : null;

    /// <summary>The tier emits x86-64 and maps its code cache with memfd_create: Linux on x86-64 only (elsewhere the compiled tier runs).</summary>
    public static bool HostSupported => OperatingSystem.IsLinux() && RuntimeInformation.ProcessArchitecture == Architecture.X64;

    public NativeContext* Context => _context;

    /// <summary>Instructions retired by translated code (a diagnostic: tests assert the tier really ran).</summary>
    public ulong InstructionsExecuted;

    /// <summary>Records whose handler ran for translated code at a helper exit (a diagnostic: tests assert which path ran).</summary>
    public ulong HelperCalls;

    /// <summary>Blocks translated (since creation, across flushes).</summary>
    public long Translations;

    /// <summary>Guest instructions translated (for the translation cost per instruction).</summary>
    public long InstructionsTranslated;

    /// <summary>Host ticks (Stopwatch) spent translating.</summary>
    public long TranslationTicks;

    /// <summary>Times the cache filled and every translation was dropped.</summary>
    public int Flushes;

    public Block Translated(int id) => _translated[id];

    /// <summary>With ARMVISOR_NATIVE_STATS=1: the rows that ended native translation, and how often (printed at dispose).</summary>
    private static readonly bool StatsEnabled = Environment.GetEnvironmentVariable("ARMVISOR_NATIVE_STATS") == "1";

    private readonly Dictionary<string, int> _untranslated = [];

    private readonly List<double> _costs = [];

    private readonly Dictionary<string, int> _helperRows = [];

    /// <summary>With ARMVISOR_NATIVE_STATS=1: counts a record translated as a helper call, by row.</summary>
    public void NoteHelper(DecodedInstruction* record)
    {
        if (StatsEnabled)
        {
            string name = A64.Decoding.A64Decoder.Find(record->Raw)?.Mnemonic ?? "UNDEFINED";
            _helperRows[name] = _helperRows.GetValueOrDefault(name) + 1;
        }
    }

    public void NoteUntranslated(DecodedInstruction* record)
    {
        if (StatsEnabled)
        {
            string name = A64.Decoding.A64Decoder.Find(record->Raw)?.Mnemonic ?? "UNDEFINED";
            _untranslated[name] = _untranslated.GetValueOrDefault(name) + 1;
        }
    }

    /// <summary>One line per vCPU on stderr with ARMVISOR_NATIVE_STATS=1 (a diagnostic for profiling coverage).</summary>
    public void PrintStats(ulong retired)
    {
        if (!StatsEnabled)
        {
            return;
        }

        double seconds = (double)TranslationTicks / System.Diagnostics.Stopwatch.Frequency;
        Console.Error.WriteLine($"native: {InstructionsExecuted} of {retired} instructions native, {Translations} blocks / "
            + $"{InstructionsTranslated} instructions translated in {seconds * 1000:F1} ms "
            + $"({(InstructionsTranslated == 0 ? 0 : seconds * 1e9 / InstructionsTranslated):F0} ns per instruction, median "
            + $"{(_costs.Count == 0 ? 0 : _costs.Order().ElementAt(_costs.Count / 2)):F0}), {Flushes} flushes; "
            + "translation ended at: " + string.Join(", ", _untranslated.OrderByDescending(p => p.Value).Take(25).Select(p => $"{p.Key} {p.Value}"))
            + $"; {HelperCalls} helper calls, translated as helper calls: "
            + string.Join(", ", _helperRows.OrderByDescending(p => p.Value).Take(25).Select(p => $"{p.Key} {p.Value}")));
    }

    /// <summary>Translates <paramref name="block"/> (every record translatable); false only if it cannot fit an empty cache.</summary>
    public bool Translate(Block block)
    {
        for (int i = 0; StatsEnabled && i < block.Count; i++)
        {
            if (NativeBlockTranslator.Classify(block.First + i) == NativeForm.Helper)
            {
                NoteHelper(block.First + i);
            }
        }

        long start = System.Diagnostics.Stopwatch.GetTimestamp();
        NativeBlockTranslator.Translation? translation = _translator.Translate(block, _translated.Count, _cache);
        if (translation is null)
        {
            Flush();
            translation = _translator.Translate(block, _translated.Count, _cache);
            if (translation is null)
            {
                return false;
            }
        }

        NativeBlockTranslator.Translation t = translation.Value;
        block.NativeId = _translated.Count;
        block.NativeEntry = t.Entry;
        block.NativeChainEntry = t.ChainEntry;
        _translated.Add(block);
        Translations++;
        InstructionsTranslated += block.Count;
        long ticks = System.Diagnostics.Stopwatch.GetTimestamp() - start;
        TranslationTicks += ticks;
        if (StatsEnabled)
        {
            _costs.Add((double)ticks * 1e9 / System.Diagnostics.Stopwatch.Frequency / block.Count);
        }
        _perfMap?.Add(t.ChainEntry, t.Size, block.VirtualAddress, block.Count);
        return true;
    }

    /// <summary>
    /// Patches the exit stub whose jump is at <paramref name="site"/> to jump to <paramref name="successor"/>'s chain entry
    /// while the vCPU's chain epoch is <paramref name="epoch"/>: the stub is <c>cmp dword [rdi+Epoch], imm32</c> (7
    /// bytes), <c>jne rel32</c> (6 bytes), <c>jmp rel32</c> at the site.
    /// </summary>
    public void Link(ulong site, Block successor, int epoch)
    {
        if (successor.NativeChainEntry == 0)
        {
            return;
        }

        _cache.Patch32(site + 1, (int)(long)(successor.NativeChainEntry - (site + 5)));
        _cache.Patch32(site - 10, epoch);
    }

    /// <summary>Remembers <paramref name="block"/> as the target of an indirect branch at <paramref name="epoch"/>.</summary>
    public void InsertJumpTarget(Block block, int epoch)
    {
        if (block.NativeChainEntry == 0)
        {
            return;
        }

        NativeJumpTableEntry* e = _context->JumpTable + NativeJumpTableEntry.IndexOf(block.VirtualAddress);
        e->Pc = block.VirtualAddress;
        e->Tag = ((ulong)(uint)epoch << 32) | (uint)block.Key.Regime;
        e->ChainEntry = block.NativeChainEntry;
    }

    private void ClearJumpTable()
    {
        for (int i = 0; i < 1 << NativeJumpTableEntry.Bits; i++)
        {
            _context->JumpTable[i].Pc = 1; // an unaligned PC: no branch target matches
            _context->JumpTable[i].ChainEntry = 0;
        }
    }

    /// <summary>Drops every translation: the blocks fall back to the other tiers until they are translated again.</summary>
    public void Flush()
    {
        foreach (Block block in _translated)
        {
            block.NativeEntry = 0;
            block.NativeChainEntry = 0;
            block.NativeId = -1;
            block.ExecutionCount = 0;
        }

        _translated.Clear();
        ClearJumpTable();
        _cache.Reset();
        Flushes++;
    }

    public void Dispose()
    {
        _cache.Dispose();
        _perfMap?.Dispose();

        if (_context != null)
        {
            // SAFETY: allocated in the constructor and nulled so they are freed once.
            NativeMemory.Free(_context->JumpTable);
            NativeMemory.Free(_context);
            _context = null;
        }
    }
}
