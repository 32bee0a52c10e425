using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Armvisor.Cli;

/// <summary>
/// Writes the run summary: <c>json</c> is one line (schema <see cref="ExitSummary.SchemaId"/>, so
/// <c>2&gt;&amp;1 | tail -1</c> or <c>--exit-summary-file</c> yields it whole), <c>text</c> a few lines for people.
/// </summary>
internal static class ExitSummaryWriter
{
    private static readonly JsonSerializerOptions Json = CreateOptions();

    public static string Format(ExitSummary summary, string format) => format switch
    {
        "json" => JsonSerializer.Serialize(summary, Json) + "\n",
        _ => Text(summary),
    };

    private static string Text(ExitSummary s)
    {
        var text = new StringBuilder();
        var c = CultureInfo.InvariantCulture;
        text.Append(c, $"armvisor: guest {s.Outcome} (exit code {s.ExitCode}): {s.Reason}\n");
        text.Append(c, $"armvisor: {s.WallTimeSeconds:0.000} s wall time, {s.Boots} boot(s), {s.GuestInstructions:N0} guest instructions ({s.InstructionsPerSecond / 1e6:0.0} M/s)\n");
        foreach (VcpuSummary v in s.Vcpus)
        {
            text.Append(c, $"armvisor:   vCPU {v.Index} (MPIDR 0x{v.Mpidr:X}): {v.Instructions:N0} instructions, {v.MmioExits:N0} MMIO exits, {v.PowerState}\n");
            if (v.ShadowPaging is { } sp)
            {
                text.Append(c, $"armvisor:     shadow paging: {sp.DacrWrites:N0} DACR writes, {sp.ShadowFaults:N0} shadow faults, {sp.L1EntriesRewritten:N0} L1 entries rewritten, {sp.L2Dropped:N0} L2 dropped, {sp.L2Repopulated:N0} L2 repopulated, {sp.L2Swizzled:N0} L2 swizzled, {sp.ReflectedFaults:N0} reflected faults, {sp.TableWrites:N0} table writes\n");
            }
        }

        return text.ToString();
    }

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions { WriteIndented = false };
        options.Converters.Add(new JsonStringEnumConverter());
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
