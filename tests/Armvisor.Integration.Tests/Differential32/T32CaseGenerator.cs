using Armvisor.Engine.AArch32.Decoding;
using Armvisor.Engine.A64.Decoding;

namespace Armvisor.Integration.Tests.Differential32;

/// <summary>
/// Random T32 cases from the engine's T32 encoding table (every row the generator may use): the fixed bits of a row,
/// random field values, register fields limited to R0-R12 (the runner owns SP, LR, PC) except that the data-processing
/// rows sometimes get Rn = PC (MOV/MVN) or Rd = PC (TST/TEQ/CMN/CMP) and the multiplies Ra/RdLo = PC (the
/// non-accumulating forms and the divides); memory rows get a base register in the runner's scratch area and small
/// offsets. One case in four is the single instruction of an IT block with a random condition (the IT prefix), which
/// decides whether it executes and, for the 16-bit data-processing encodings, whether it sets the flags. Words the
/// engine decodes as UNDEFINED (UNPREDICTABLE register combinations) or as another row are skipped.
/// </summary>
internal sealed class T32CaseGenerator(int seed)
{
    private static readonly string[] RegisterFields = ["Rd", "Rn", "Rm", "Rt", "Rt2", "Ra", "RdLo", "RdHi", "Rdn"];
    private static readonly uint[] Interesting = [0, 1, 2, 31, 32, 33, 0x7FFF_FFFF, 0x8000_0000, 0xFFFF_FFFF, 0xFFFF, 0x8000, 0xFF];

    private readonly Random _random = new(seed);
    private readonly T32Encoding[] _rows =
        T32InstructionTable.Encodings.Where(r => r.GeneratorPolicy != GeneratorPolicy.Never).ToArray();

    public A32Case Next()
    {
        while (true)
        {
            T32Encoding row = _rows[_random.Next(_rows.Length)];
            bool memory = row.GeneratorPolicy == GeneratorPolicy.ConstrainedBaseRegister;
            uint word = row.FixedBits | ((uint)_random.NextInt64(0, 1L << 32) & ~row.FixedMask & (row.Wide ? 0xFFFF_FFFFu : 0xFFFFu));
            int rn = -1;
            foreach (EncodingField f in row.Fields)
            {
                uint value = f.Name switch
                {
                    "Rn" when !memory && _random.Next(8) == 0 => 15,
                    "Rd" when !memory && row.Wide && _random.Next(8) == 0 => 15,
                    "Ra" or "RdLo" when !memory && _random.Next(4) == 0 => 15,
                    _ when RegisterFields.Contains(f.Name) => (uint)_random.Next(f.Width == 3 ? 8 : 13),
                    "D" => 0,
                    "zero" => 0,
                    "register_list" => (uint)_random.Next(1, 1 << Math.Min(f.Width, 13)),
                    "imm12" when memory => (uint)_random.Next(64),
                    "imm8" when memory => (uint)_random.Next(row.Class == InstructionClass.LoadStoreExclusive ? 4 : 16),
                    "imm5" when memory => (uint)_random.Next(16),
                    _ => Field(word, f),
                };
                word = (word & ~Mask(f)) | (value << f.Lsb);
                if (f.Name == "Rn")
                {
                    rn = (int)value;
                }
            }

            bool inItBlock = _random.Next(4) == 0;
            uint prefix = 0;
            T32Context context = T32Context.OutsideItBlock;
            if (inItBlock)
            {
                prefix = 0xBF08 | ((uint)_random.Next(15) << 4); // IT <cond> (mask 1000: one instruction), cond EQ..AL
                context = T32Context.LastInItBlock;
            }

            T32Encoding? decoded = T32InstructionTable.Decode(word, context);
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

            if (memory && rn is >= 0 and < 13)
            {
                // Exclusives get a doubleword-aligned base (see A32CaseGenerator), the others one near the middle.
                bool exclusive = row.Class == InstructionClass.LoadStoreExclusive;
                registers[rn] = exclusive ? A32CaseGenerator.ScratchBase + 256 + (8 * (uint)_random.Next(4))
                    : A32CaseGenerator.ScratchBase + 256 + (4 * (uint)_random.Next(8)) + (_random.Next(8) == 0 ? (uint)_random.Next(1, 4) : 0);
            }

            uint apsr = (uint)_random.NextInt64(0, 1L << 32) & 0xF80F_0000;
            return new A32Case(registers, apsr, word, row.Mnemonic, prefix);
        }
    }

    private static uint Mask(EncodingField f) => (uint)(((1UL << f.Width) - 1) << f.Lsb);

    private static uint Field(uint word, EncodingField f) => (word & Mask(f)) >> f.Lsb;
}
