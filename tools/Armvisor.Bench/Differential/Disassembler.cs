using System.Buffers.Binary;
using System.Diagnostics;
using System.Globalization;
using Armvisor.Bench.Qemu;

namespace Armvisor.Bench.Differential;

/// <summary>Disassembles instruction words with <c>aarch64-linux-gnu-objdump -b binary -m aarch64 -D</c> (diagnostics only).</summary>
public static class Disassembler
{
    /// <summary>One line per word ("mnemonic operands"), or "?" when objdump is missing.</summary>
    public static IReadOnlyList<string> Disassemble(IReadOnlyList<uint> words)
    {
        var result = Enumerable.Repeat("?", words.Count).ToArray();
        string? objdump = ToolLocator.Find(ToolLocator.CrossPrefix + "objdump");
        if (objdump is null || words.Count == 0)
        {
            return result;
        }

        string file = Path.Combine(Path.GetTempPath(), $"armvisor-disasm-{Environment.ProcessId}-{Guid.NewGuid():N}.bin");
        try
        {
            var bytes = new byte[words.Count * 4];
            for (int i = 0; i < words.Count; i++)
            {
                BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(i * 4), words[i]);
            }

            File.WriteAllBytes(file, bytes);
            var psi = new ProcessStartInfo(objdump) { RedirectStandardOutput = true, UseShellExecute = false };
            foreach (string a in new[] { "-b", "binary", "-m", "aarch64", "-D", file })
            {
                psi.ArgumentList.Add(a);
            }

            using Process p = Process.Start(psi)!;
            string output = p.StandardOutput.ReadToEnd();
            p.WaitForExit();
            foreach (string line in output.Split('\n'))
            {
                // "  1c:\td2800000 \tmov\tx0, #0x0"
                string[] parts = line.Split('\t');
                if (parts.Length < 3 || !parts[0].TrimEnd().EndsWith(':'))
                {
                    continue;
                }

                if (int.TryParse(parts[0].Trim().TrimEnd(':'), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out int offset)
                    && offset % 4 == 0 && offset / 4 < result.Length)
                {
                    result[offset / 4] = string.Join(' ', parts.Skip(2)).Trim();
                }
            }
        }
        finally
        {
            File.Delete(file);
        }

        return result;
    }
}
