using System.Runtime.CompilerServices;
using Armvisor.Engine.A64.Decoding;

namespace Armvisor.Engine.Tests.Simd;

/// <summary>Loads the QEMU reference files kept next to this source file, grouped by the table row each case decodes to.</summary>
public static class ReferenceFiles
{
    private static readonly Dictionary<string, Dictionary<string, List<ReferenceCase>>> Cache = [];

    private static string Directory([CallerFilePath] string path = "") => Path.Combine(Path.GetDirectoryName(path)!, "Reference");

    /// <summary>This source file's path (its directory holds Reference/).</summary>
    public static string SourceFile([CallerFilePath] string path = "") => path;

    /// <summary>Cases of <paramref name="file"/> by mnemonic ("UNALLOCATED" for words that decode to no row).</summary>
    public static Dictionary<string, List<ReferenceCase>> Load(string file)
    {
        lock (Cache)
        {
            if (Cache.TryGetValue(file, out var cached))
            {
                return cached;
            }

            var groups = new Dictionary<string, List<ReferenceCase>>();
            foreach (string line in File.ReadLines(Path.Combine(Directory(), file)))
            {
                if (line.Length == 0 || line[0] == '#')
                {
                    continue;
                }

                ReferenceCase c = ReferenceCase.Parse(line);
                string name = A64InstructionTable.Encodings.FirstOrDefault(e => e.Matches(c.Instruction))?.Mnemonic ?? "UNALLOCATED";
                if (!groups.TryGetValue(name, out List<ReferenceCase>? list))
                {
                    groups[name] = list = [];
                }

                list.Add(c);
            }

            Cache[file] = groups;
            return groups;
        }
    }

    public static TheoryData<string> Mnemonics(string file)
    {
        var data = new TheoryData<string>();
        foreach (string name in Load(file).Keys.Order(StringComparer.Ordinal))
        {
            data.Add(name);
        }

        return data;
    }
}
