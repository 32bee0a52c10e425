namespace Armvisor.Bench.Differential;

/// <summary>A case whose end state differs between QEMU and Armvisor.</summary>
public sealed record CaseMismatch(long Index, CaseInput Input, IReadOnlyList<FieldDifference> Differences)
{
    /// <summary>objdump's disassembly of the instruction, filled in when the report is printed.</summary>
    public string Disassembly { get; set; } = "";
}
