using System.Numerics;
using System.Runtime.CompilerServices;

namespace Armvisor.Engine.AArch32.Semantics;

/// <summary>
/// The A32 shifter (DDI0487 F1 shared pseudocode DecodeImmShift, Shift_C, DecodeRegShift, A32ExpandImm_C): shift type
/// 0 LSL, 1 LSR, 2 ASR, 3 ROR; an immediate amount of 0 means LSR/ASR #32 and RRX; the carry out is the last bit
/// shifted out, or the carry in when nothing is shifted.
/// </summary>
internal static class A32Shifter
{
    /// <summary>Shift_C with an immediate shift as encoded (imm5 and type, DecodeImmShift applied here).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint ShiftImmediate(uint value, int type, int imm5, bool carryIn, out bool carryOut)
    {
        if (imm5 == 0)
        {
            switch (type)
            {
                case 0:
                    carryOut = carryIn;
                    return value;
                case 1:
                    carryOut = (value >> 31) != 0;
                    return 0;
                case 2:
                    carryOut = (value >> 31) != 0;
                    return (uint)((int)value >> 31);
                default:
                    // RRX
                    carryOut = (value & 1) != 0;
                    return (carryIn ? 0x8000_0000u : 0) | (value >> 1);
            }
        }

        return ShiftBy(value, type, imm5, out carryOut);
    }

    /// <summary>Shift_C with a register amount (Rs[7:0]): amounts of 32 and more shift everything out; ROR uses amount mod 32.</summary>
    public static uint ShiftRegister(uint value, int type, uint amount, bool carryIn, out bool carryOut)
    {
        amount &= 0xFF;
        if (amount == 0)
        {
            carryOut = carryIn;
            return value;
        }

        switch (type)
        {
            case 0:
                if (amount >= 32)
                {
                    carryOut = amount == 32 && (value & 1) != 0;
                    return 0;
                }

                break;
            case 1:
                if (amount >= 32)
                {
                    carryOut = amount == 32 && (value >> 31) != 0;
                    return 0;
                }

                break;
            case 2:
                if (amount >= 32)
                {
                    carryOut = (value >> 31) != 0;
                    return (uint)((int)value >> 31);
                }

                break;
            default:
                int rotation = (int)(amount & 31);
                if (rotation == 0)
                {
                    carryOut = (value >> 31) != 0;
                    return value;
                }

                return ShiftBy(value, 3, rotation, out carryOut);
        }

        return ShiftBy(value, type, (int)amount, out carryOut);
    }

    /// <summary>A shift by 1..31.</summary>
    private static uint ShiftBy(uint value, int type, int amount, out bool carryOut)
    {
        switch (type)
        {
            case 0:
                carryOut = ((value >> (32 - amount)) & 1) != 0;
                return value << amount;
            case 1:
                carryOut = ((value >> (amount - 1)) & 1) != 0;
                return value >> amount;
            case 2:
                carryOut = ((value >> (amount - 1)) & 1) != 0;
                return (uint)((int)value >> amount);
            default:
                uint result = BitOperations.RotateRight(value, amount);
                carryOut = (result >> 31) != 0;
                return result;
        }
    }
}
