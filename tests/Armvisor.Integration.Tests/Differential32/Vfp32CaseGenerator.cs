using Armvisor.Engine.AArch32.Decoding;
using Armvisor.Engine.A64.Decoding;

namespace Armvisor.Integration.Tests.Differential32;

/// <summary>
/// Random VFP/Advanced SIMD cases from the engine's A32 table (the rows <see cref="A32InstructionTable.IsFpSimd"/>
/// selects, plus VMSR FPSCR): the fixed bits of a row, random FP register fields (all of D0-D31 are compared), core
/// register fields limited to R0-R12, memory rows based in the runner's scratch area with small offsets and now and
/// then a misaligned base. Operands mix raw random bits with the values where FP implementations differ: zeros,
/// infinities, quiet and signalling NaNs with payloads, denormals, the largest and smallest normals, integers and
/// halves. FPSCR gets random NZCV, QC, cumulative flags, AHP, DN, FZ and RMode; Len/Stride stay 0 but for one case in
/// 64 (short vectors are UNDEFINED on both). VMRS reads FPSID, FPSCR, MVFR0/1 and FPEXC. Words the engine declares UNDEFINED for an UNPREDICTABLE field combination are skipped.
/// VLDR gets Rn = PC (a literal in the runner's code slot) one time in four. With <paramref name="thumb"/> the case is
/// the T32 encoding of the same instruction (<see cref="ToT32"/>), a condition other than AL becoming an IT prefix.
/// </summary>
internal sealed class Vfp32CaseGenerator(int seed, bool thumb = false)
{
    private static readonly string[] CoreRegisterFields = ["Rn", "Rt", "Rt2"];

    private static readonly uint[] SingleValues =
    [
        0x0000_0000, 0x8000_0000, 0x3F80_0000, 0xBF80_0000, 0x7F80_0000, 0xFF80_0000, 0x7FC0_0000, 0xFFC0_0001,
        0x7F80_0001, 0xFFA0_0005, 0x0000_0001, 0x807F_FFFF, 0x0080_0000, 0x7F7F_FFFF, 0x4B00_0000, 0x4F00_0000,
        0xCF00_0000, 0x3F00_0000, 0x3FC0_0000, 0x4040_0000, 0x4EFF_FFFF, 0x5F80_0000, 0x3C00_3C00, 0x7BFF_FC00,
    ];

    private static readonly ulong[] DoubleValues =
    [
        0, 0x8000_0000_0000_0000, 0x3FF0_0000_0000_0000, 0xBFF0_0000_0000_0000, 0x7FF0_0000_0000_0000,
        0xFFF0_0000_0000_0000, 0x7FF8_0000_0000_0000, 0xFFF8_0000_0000_1234, 0x7FF0_0000_0000_0001, 0xFFF4_0000_0000_0000,
        0x0000_0000_0000_0001, 0x800F_FFFF_FFFF_FFFF, 0x0010_0000_0000_0000, 0x7FEF_FFFF_FFFF_FFFF, 0x41E0_0000_0000_0000,
        0xC1E0_0000_0000_0000, 0x41EF_FFFF_FFE0_0000, 0x3FE0_0000_0000_0000, 0x3FF8_0000_0000_0000, 0x4330_0000_0000_0000,
        0x3810_0000_0000_0000, 0x47EF_FFFF_E000_0000, 0x36A0_0000_0000_0000,
    ];

    private readonly Random _random = new(seed);
    private readonly A32Encoding[] _rows = A32InstructionTable.Encodings
        .Where(r => A32InstructionTable.IsFpSimd(r) && (r.GeneratorPolicy != GeneratorPolicy.Never || r.Mnemonic == "VMSR"))
        .ToArray();

    public Vfp32Case Next()
    {
        while (true)
        {
            A32Encoding row = _rows[_random.Next(_rows.Length)];
            bool memory = row.GeneratorPolicy == GeneratorPolicy.ConstrainedBaseRegister;
            uint word = row.FixedBits | ((uint)_random.NextInt64(0, 1L << 32) & ~row.FixedMask);
            int rn = -1;
            foreach (EncodingField f in row.Fields)
            {
                uint value = f.Name switch
                {
                    "cond" => _random.Next(4) == 0 ? (uint)_random.Next(15) : 0xE,
                    "Rt" when row.Mnemonic == "VMRS" && _random.Next(4) == 0 => 15,
                    "Rn" when row.Mnemonic == "VLDR_VSTR" && (word & (1u << 20)) != 0 && _random.Next(4) == 0 => 15,
                    "Rm" when memory => _random.Next(4) switch { 0 or 1 => 15u, 2 => 13u, _ => (uint)_random.Next(13) },
                    _ when CoreRegisterFields.Contains(f.Name) => (uint)_random.Next(13),
                    "reg" when row.Mnemonic == "VMSR" => 1,
                    "reg" => (uint)new[] { 0, 1, 1, 6, 7, 8 }[_random.Next(6)],
                    "imm8" when memory && row.Mnemonic == "VLDR_VSTR" => (uint)_random.Next(16),
                    "imm8" when memory => (uint)_random.Next(34),
                    _ => Field(word, f),
                };
                word = (word & ~Mask(f)) | (value << f.Lsb);
                if (f.Name == "Rn")
                {
                    rn = (int)value;
                }
            }

            A32Encoding? decoded = A32InstructionTable.Decode(word);
            if (decoded is null || decoded.Mnemonic != row.Mnemonic)
            {
                continue;
            }

            uint prefix = 0;
            if (thumb)
            {
                uint cond = word >> 28;
                if (cond < 0xE)
                {
                    prefix = 0xBF08 | (cond << 4); // IT <cond> (mask 1000: one instruction)
                }

                word = ToT32(word);
                if (T32InstructionTable.Decode(word, prefix != 0 ? T32Context.LastInItBlock : T32Context.OutsideItBlock) is null)
                {
                    continue;
                }
            }

            var registers = new uint[13];
            for (int r = 0; r < 13; r++)
            {
                registers[r] = _random.Next(3) == 0 ? SingleValues[_random.Next(SingleValues.Length)] : (uint)_random.NextInt64(0, 1L << 32);
            }

            if (memory && rn is >= 0 and < 13)
            {
                // VFP transfers: word-aligned bases (now and then not); structure transfers: 8-aligned, often 32-aligned.
                bool structure = row.Mnemonic.StartsWith("VLDn", StringComparison.Ordinal);
                uint offset = structure ? (_random.Next(2) == 0 ? 32 * (uint)_random.Next(4) : 8 * (uint)_random.Next(12)) : 4 * (uint)_random.Next(8);
                registers[rn] = A32CaseGenerator.ScratchBase + 192 + offset + (_random.Next(8) == 0 ? (uint)_random.Next(1, 4) : 0);
                if (row.Mnemonic == "VLDn_VSTn_multiple" && ((word >> 4) & 3) == 3)
                {
                    // align = 11 asks for 32-byte alignment (F5.1 VLD1-VLD4); QEMU 7.2 does not fault a 16-byte
                    // aligned address there, so the generator keeps such bases 32-byte aligned (docs/testing.md).
                    registers[rn] &= ~31u;
                }
            }

            var doubles = new ulong[16];
            for (int i = 0; i < 16; i++)
            {
                doubles[i] = _random.Next(3) switch
                {
                    0 => (ulong)_random.NextInt64() ^ ((ulong)_random.Next(2) << 63),
                    1 => DoubleValues[_random.Next(DoubleValues.Length)],
                    _ => ((ulong)SingleValues[_random.Next(SingleValues.Length)] << 32) | SingleValues[_random.Next(SingleValues.Length)],
                };
            }

            uint apsr = (uint)_random.NextInt64(0, 1L << 32) & 0xF80F_0000;
            return new Vfp32Case(registers, apsr, RandomFpscr(), doubles, word, row.Mnemonic, prefix);
        }
    }

    /// <summary>
    /// The T32 encoding of an A32 FP/Advanced SIMD word (the inverse of T32CoprocessorSpace.ToA32, DDI0487 F3.1 against
    /// F4.1): the VFP (coprocessor 10/11) words take condition 1110 (the condition goes to an IT prefix), A32
    /// <c>1111 001U</c> (Advanced SIMD data processing) is <c>111U 1111</c>, <c>1111 0100 xxx0</c> (element and structure
    /// loads/stores) is <c>1111 1001 xxx0</c>.
    /// </summary>
    internal static uint ToT32(uint a32) => (a32 >> 25) switch
    {
        0x79 => 0xEF00_0000 | ((a32 & 0x0100_0000) << 4) | (a32 & 0x00FF_FFFF),
        0x7A => 0xF900_0000 | (a32 & 0x00FF_FFFF),
        _ => (a32 >> 28) == 0xF ? a32 : 0xE000_0000 | (a32 & 0x0FFF_FFFF),
    };

    private uint RandomFpscr()
    {
        uint fpscr = (uint)_random.NextInt64(0, 1L << 32) & 0xF800_009F; // NZCV, QC, cumulative flags
        fpscr |= (uint)_random.Next(4) << 22; // RMode
        fpscr |= _random.Next(3) == 0 ? 1u << 24 : 0; // FZ
        fpscr |= _random.Next(3) == 0 ? 1u << 25 : 0; // DN
        fpscr |= _random.Next(4) == 0 ? 1u << 26 : 0; // AHP
        if (_random.Next(64) == 0)
        {
            fpscr |= (uint)_random.Next(1, 8) << 16; // Len
        }

        return fpscr;
    }

    private static uint Mask(EncodingField f) => (uint)(((1UL << f.Width) - 1) << f.Lsb);

    private static uint Field(uint word, EncodingField f) => (word & Mask(f)) >> f.Lsb;
}
