using Armvisor.Engine.AArch32.Decoding;
using Armvisor.Engine.A64.Decoding;

namespace Armvisor.Integration.Tests.Differential32;

/// <summary>One random case: R0-R12 and APSR in, one A32 or T32 instruction (T32: a value above 0xFFFF is 32-bit, first
/// halfword on top), and for T32 an IT prefix halfword (0: none) that makes it the single instruction of an IT block.</summary>
internal readonly record struct A32Case(uint[] Registers, uint Apsr, uint Instruction, string Mnemonic, uint Prefix = 0);

/// <summary>
/// Random A32 cases from the engine's encoding table (every integer row the generator may use, <see cref="GeneratorPolicy"/>;
/// the FP/SIMD rows are <see cref="Vfp32CaseGenerator"/>'s):
/// the fixed bits of a row, random field values, register fields limited to R0-R12 (the runner owns SP, LR, PC),
/// conditions mostly AL; memory rows get a base register in the runner's scratch area, small offsets and small index
/// registers. Words the engine decodes as UNDEFINED because their register combination is UNPREDICTABLE are skipped
/// (an UNPREDICTABLE outcome may differ between two correct implementations).
/// </summary>
internal sealed class A32CaseGenerator(int seed)
{
    public const uint ScratchBase = 0x4008_0000;

    private static readonly string[] RegisterFields = ["Rd", "Rn", "Rm", "Rs", "Rt", "Ra", "RdHi", "RdLo", "Rt2"];
    private static readonly uint[] Interesting = [0, 1, 2, 31, 32, 33, 0x7FFF_FFFF, 0x8000_0000, 0xFFFF_FFFF, 0xFFFF, 0x8000, 0xFF];

    private readonly Random _random = new(seed);
    private readonly A32Encoding[] _rows =
        A32InstructionTable.Encodings.Where(r => r.GeneratorPolicy != GeneratorPolicy.Never && !A32InstructionTable.IsFpSimd(r)).ToArray();

    public A32Case Next()
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
                    "cond" => _random.Next(3) == 0 ? (uint)_random.Next(15) : 0xE,
                    _ when RegisterFields.Contains(f.Name) => (uint)_random.Next(13),
                    "register_list" => ((uint)_random.Next(1, 1 << 13)),
                    "imm12" when memory => (uint)_random.Next(64),
                    "imm4H" when memory => (uint)_random.Next(4),
                    "imm5" when memory => (uint)_random.Next(3),
                    "type" when memory => 0,
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

            var registers = new uint[13];
            for (int r = 0; r < 13; r++)
            {
                registers[r] = memory ? (uint)_random.Next(16)
                    : _random.Next(3) == 0 ? Interesting[_random.Next(Interesting.Length)] : (uint)_random.NextInt64(0, 1L << 32);
            }

            if (memory && rn >= 0)
            {
                // Exclusives get a doubleword-aligned base: QEMU checks a STREX's alignment only after its monitor check,
                // the architecture before it (AArch32.ExclusiveMonitorsPass), so a misaligned STREX without LDREX differs.
                bool exclusive = row.Class == InstructionClass.LoadStoreExclusive;
                registers[rn] = exclusive ? ScratchBase + 256 + (8 * (uint)_random.Next(4))
                    : ScratchBase + 256 + (4 * (uint)_random.Next(8)) + (_random.Next(8) == 0 ? (uint)_random.Next(1, 4) : 0);
            }

            uint apsr = (uint)_random.NextInt64(0, 1L << 32) & 0xF80F_0000;
            return new A32Case(registers, apsr, word, row.Mnemonic);
        }
    }

    private static uint Mask(EncodingField f) => (uint)(((1UL << f.Width) - 1) << f.Lsb);

    private static uint Field(uint word, EncodingField f) => (word & Mask(f)) >> f.Lsb;
}
