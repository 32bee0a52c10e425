namespace Armvisor.Engine.AArch32.Decoding;

/// <summary>
/// The T32 coprocessor, floating-point and Advanced SIMD space re-mapped to its A32 encoding (DDI0487 F3.1 against
/// F4.1): the T32 word with first halfword <c>111T 11xx</c> is the A32 word with condition 111T (T = 0: AL, T = 1: the
/// unconditional space), LDC/STC/MCRR/MRRC, CDP/MCR/MRC and the VFP encodings unchanged; Advanced SIMD data processing
/// <c>111U 1111</c> is A32 <c>1111 001U</c>; Advanced SIMD element and structure load/store <c>1111 1001 xxx0</c> is A32
/// <c>1111 0100 xxx0</c>. The A32 table then decodes the word, so every coprocessor row declared there (CP15 today; CP10/
/// CP11 VFP and the NEON rows when declared) serves both instruction sets, and the decoded record's Raw is the A32 word.
/// </summary>
public static class T32CoprocessorSpace
{
    /// <summary>The A32 word for a 32-bit T32 word of this space (<see cref="T32Encoding.A32Undefined"/> if it is not in it).</summary>
    public static uint ToA32(uint t32, T32Context context = T32Context.OutsideItBlock)
    {
        if ((t32 & 0xEF00_0000) == 0xEF00_0000)
        {
            return 0xF200_0000 | ((t32 >> 4) & 0x0100_0000) | (t32 & 0x00FF_FFFF); // Advanced SIMD data processing
        }

        if ((t32 & 0xFF10_0000) == 0xF900_0000)
        {
            return 0xF400_0000 | (t32 & 0x00FF_FFFF); // Advanced SIMD element or structure load/store
        }

        return (t32 & 0xEC00_0000) == 0xEC00_0000 ? t32 : T32Encoding.A32Undefined;
    }
}
