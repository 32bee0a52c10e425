using Armvisor.Engine.Interpreter;
using Armvisor.Engine.Execution;

namespace Armvisor.Engine.AArch32.Semantics;

// SAFETY: as A32Exceptions.
/// <summary>
/// The SIMD-within-a-register media instructions (DDI0487 F4.1 "Parallel Arithmetic" and the F5 pages of SADD16 ...
/// UHSUB8, SEL, USAD8/USADA8, SSAT16/USAT16). Parallel arithmetic: bit 22 = unsigned, bits [21:20] = 01 modulo (sets
/// APSR.GE per lane), 10 saturating, 11 halving; bits [7:5] = ADD16, ASX, SAX, SUB16, ADD8, -, -, SUB8. PC operands
/// are UNPREDICTABLE: UNDEFINED here.
/// </summary>
internal static unsafe class A32ParallelArithmetic
{
    private const uint QFlag = 1u << 27;
    private const uint GeMask = 0xFu << 16;

    /// <summary>Rn [19:16], Rd [15:12], Rm [3:0] (USAD8/USADA8 reuse it with Rd [19:16], Ra [15:12], Rm [11:8], Rn [3:0]).</summary>
    public static bool PrepareRdRnRm(uint raw, DecodedInstruction* d)
    {
        d->Rn = (byte)((raw >> 16) & 0xF);
        d->Rd = (byte)((raw >> 12) & 0xF);
        d->Rm = (byte)(raw & 0xF);
        return d->Rd != 15 && d->Rn != 15 && d->Rm != 15;
    }

    public static bool PrepareSumOfDifferences(uint raw, DecodedInstruction* d)
    {
        d->Rd = (byte)((raw >> 16) & 0xF);
        d->Ra = (byte)((raw >> 12) & 0xF);
        d->Rm = (byte)((raw >> 8) & 0xF);
        d->Rn = (byte)(raw & 0xF);
        return d->Rd != 15 && d->Rn != 15 && d->Rm != 15;
    }

    /// <summary>SSAT16/USAT16: Imm = sat_imm [19:16], Rd [15:12], Rn [3:0].</summary>
    public static bool PrepareSaturate16(uint raw, DecodedInstruction* d)
    {
        d->Imm = (raw >> 16) & 0xF;
        d->Rd = (byte)((raw >> 12) & 0xF);
        d->Rn = (byte)(raw & 0xF);
        return d->Rd != 15 && d->Rn != 15;
    }

    /// <summary>The two unallocated op2 values (101, 110) and op1 x00 are no row, so every record here is allocated.</summary>
    public static bool Execute(InterpreterVcpu v, DecodedInstruction* d)
    {
        uint raw = d->Raw;
        bool unsigned = (raw & (1u << 22)) != 0;
        uint kind = (raw >> 20) & 3; // 01 modulo, 10 saturating, 11 halving
        uint op = (raw >> 5) & 7;
        bool bytes = op >= 4;
        int width = bytes ? 8 : 16, lanes = bytes ? 4 : 2;
        uint laneMask = (1u << width) - 1;
        uint n = v.R(d, d->Rn), m = v.R(d, d->Rm);
        uint result = 0, ge = 0;
        for (int i = 0; i < lanes; i++)
        {
            // ASX: low lane subtracts the high m lane, high lane adds the low; SAX the other way round.
            int mLane = op is 1 or 2 ? 1 - i : i;
            bool subtract = op switch { 1 => i == 0, 2 => i == 1, 3 or 7 => true, _ => false };
            int a = Lane(n, i, width, unsigned), b = Lane(m, mLane, width, unsigned);
            int sum = subtract ? a - b : a + b;
            int laneResult;
            switch (kind)
            {
                case 2:
                    int max = unsigned ? (int)laneMask : (int)(laneMask >> 1), min = unsigned ? 0 : -(int)(laneMask >> 1) - 1;
                    laneResult = Math.Clamp(sum, min, max);
                    break;
                case 3:
                    laneResult = sum >> 1;
                    break;
                default:
                    laneResult = sum;
                    bool set = unsigned && !subtract ? sum >= (1 << width) : sum >= 0;
                    if (set)
                    {
                        ge |= (bytes ? 1u : 3u) << (i * (bytes ? 1 : 2));
                    }

                    break;
            }

            result |= ((uint)laneResult & laneMask) << (i * width);
        }

        if (kind == 1)
        {
            v.State.QGe = (v.State.QGe & ~GeMask) | (ge << 16);
        }

        v.WriteR(d->Rd, result);
        return true;
    }

    private static int Lane(uint value, int index, int width, bool unsigned)
    {
        uint lane = (value >> (index * width)) & ((1u << width) - 1);
        return unsigned ? (int)lane : (int)(lane << (32 - width)) >> (32 - width);
    }

    /// <summary>SEL: byte i from Rn when APSR.GE[i] is set, else from Rm.</summary>
    public static bool Select(InterpreterVcpu v, DecodedInstruction* d)
    {
        uint ge = (v.State.QGe >> 16) & 0xF;
        uint mask = 0;
        for (int i = 0; i < 4; i++)
        {
            mask |= ((ge >> i) & 1) != 0 ? 0xFFu << (i * 8) : 0;
        }

        v.WriteR(d->Rd, (v.R(d, d->Rn) & mask) | (v.R(d, d->Rm) & ~mask));
        return true;
    }

    /// <summary>USAD8 (Ra = 1111) and USADA8: the sum of the absolute byte differences of Rn and Rm (+ Ra).</summary>
    public static bool SumOfAbsoluteDifferences(InterpreterVcpu v, DecodedInstruction* d)
    {
        uint n = v.R(d, d->Rn), m = v.R(d, d->Rm);
        uint sum = d->Ra == 15 ? 0 : v.R(d, d->Ra);
        for (int i = 0; i < 32; i += 8)
        {
            sum += (uint)Math.Abs((int)((n >> i) & 0xFF) - (int)((m >> i) & 0xFF));
        }

        v.WriteR(d->Rd, sum);
        return true;
    }

    /// <summary>SSAT16 (saturate_to = sat_imm + 1) and USAT16 (sat_imm) of each halfword; saturation sets Q.</summary>
    public static bool Saturate16(InterpreterVcpu v, DecodedInstruction* d)
    {
        bool unsigned = (d->Raw & (1u << 22)) != 0;
        int bits = unsigned ? (int)d->Imm : (int)d->Imm + 1;
        int max = unsigned ? (1 << bits) - 1 : (1 << (bits - 1)) - 1, min = unsigned ? 0 : -(1 << (bits - 1));
        uint n = v.R(d, d->Rn), result = 0;
        for (int i = 0; i < 2; i++)
        {
            int lane = (short)(n >> (i * 16));
            int saturated = Math.Clamp(lane, min, max);
            if (saturated != lane)
            {
                v.State.QGe |= QFlag;
            }

            result |= ((uint)saturated & 0xFFFF) << (i * 16);
        }

        v.WriteR(d->Rd, result);
        return true;
    }
}
