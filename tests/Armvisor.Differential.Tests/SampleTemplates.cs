using Armvisor.Bench.Differential;

namespace Armvisor.Differential.Tests;

/// <summary>A few encodings written as Arm ARM patterns, to check the runner against QEMU without the engine's table.</summary>
internal static class SampleTemplates
{
    public static PatternCatalog Catalog { get; } = new(
    [
        // ADD/ADDS/SUB/SUBS (immediate), DDI0487 C6.2.4.
        EncodingTemplate.FromPattern("ADD_imm", "DataProcessingImmediate", "sf:1 op:1 S:1 100010 sh:1 imm12:12 Rn:5 Rd:5", GenerationPolicy.Free),
        // ADC/ADCS/SBC/SBCS, C6.2.1.
        EncodingTemplate.FromPattern("ADC", "DataProcessingRegister", "sf:1 op:1 S:1 11010000 Rm:5 000000 Rn:5 Rd:5", GenerationPolicy.Free),
        // LDR/STR (immediate, unsigned offset), 64-bit, C6.2.132.
        EncodingTemplate.FromPattern("LDR_uoff", "LoadStore", "11 111 0 01 opc:2 imm12:12 Rn:5 Rt:5", GenerationPolicy.ConstrainedMemory),
        // LDP/STP (pre-index), C6.2.130.
        EncodingTemplate.FromPattern("LDP_pre", "LoadStore", "10 101 0 011 L:1 imm7:7 Rt2:5 Rn:5 Rt:5", GenerationPolicy.ConstrainedMemory),
        // UDIV/SDIV, C6.2.388.
        EncodingTemplate.FromPattern("DIV", "DataProcessingRegister", "sf:1 0 0 11010110 Rm:5 00001 o1:1 Rn:5 Rd:5", GenerationPolicy.Free),
    ]);
}
