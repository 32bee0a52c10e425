using System.Runtime.CompilerServices;

namespace Armvisor.Engine.A64.Instructions;

/// <summary>Shared arithmetic of the Arm ARM pseudocode: AddWithCarry, ConditionHolds, shifts, extends, DecodeBitMasks.</summary>
internal static class Alu
{
    /// <summary>AddWithCarry (DDI0487 J1, shared/functions/integer/AddWithCarry) on 64 bits; NZCV in bits [31:28].</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong AddWithCarry64(ulong x, ulong y, ulong carryIn, out uint nzcv)
    {
        ulong result = x + y + carryIn;
        bool carry = carryIn == 0 ? result < x : result <= x;
        bool overflow = ((x ^ result) & (y ^ result)) >> 63 != 0;
        nzcv = (uint)(result >> 63) << 31 | (result == 0 ? 1u << 30 : 0) | (carry ? 1u << 29 : 0) | (overflow ? 1u << 28 : 0);
        return result;
    }

    /// <summary>AddWithCarry on 32 bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint AddWithCarry32(uint x, uint y, uint carryIn, out uint nzcv)
    {
        ulong wide = (ulong)x + y + carryIn;
        uint result = (uint)wide;
        bool overflow = ((x ^ result) & (y ^ result)) >> 31 != 0;
        nzcv = (result & 0x8000_0000) | (result == 0 ? 1u << 30 : 0) | ((uint)(wide >> 32) << 29) | (overflow ? 1u << 28 : 0);
        return result;
    }

    /// <summary>N and Z of a logical result (C and V cleared), DDI0487 C6.2 ANDS.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint LogicalFlags64(ulong result) => ((uint)(result >> 63) << 31) | (result == 0 ? 1u << 30 : 0);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint LogicalFlags32(uint result) => (result & 0x8000_0000) | (result == 0 ? 1u << 30 : 0);

    /// <summary>ConditionHolds (DDI0487 J1, shared/functions/system/ConditionHolds) on NZCV in bits [31:28].</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool ConditionHolds(int cond, uint nzcv)
    {
        bool n = (nzcv & 0x8000_0000) != 0, z = (nzcv & 0x4000_0000) != 0, c = (nzcv & 0x2000_0000) != 0, v = (nzcv & 0x1000_0000) != 0;
        bool result = (cond >> 1) switch
        {
            0 => z,
            1 => c,
            2 => n,
            3 => v,
            4 => c && !z,
            5 => n == v,
            6 => n == v && !z,
            _ => true,
        };
        return (cond & 1) != 0 && cond != 15 ? !result : result;
    }

    /// <summary>ShiftReg (DDI0487 C6.2, shifted register forms): LSL, LSR, ASR, ROR on 64 bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Shift64(ulong value, int type, int amount) => type switch
    {
        0 => value << amount,
        1 => value >> amount,
        2 => (ulong)((long)value >> amount),
        _ => ulong.RotateRight(value, amount),
    };

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint Shift32(uint value, int type, int amount) => type switch
    {
        0 => value << amount,
        1 => value >> amount,
        2 => (uint)((int)value >> amount),
        _ => uint.RotateRight(value, amount),
    };

    /// <summary>ExtendReg (DDI0487 C6.2, extended register forms): UXTB..SXTX then LSL by 0..4.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Extend(ulong value, int option, int shift) => (option switch
    {
        0 => value & 0xFF,
        1 => value & 0xFFFF,
        2 => value & 0xFFFF_FFFF,
        3 => value,
        4 => (ulong)(long)(sbyte)value,
        5 => (ulong)(long)(short)value,
        6 => (ulong)(long)(int)value,
        _ => value,
    }) << shift;

    /// <summary>
    /// DecodeBitMasks (DDI0487 J1, aarch64/instrs/integer/bitmasks): the wmask and tmask of a logical immediate or
    /// bitfield; false for the reserved combinations.
    /// </summary>
    public static bool DecodeBitMasks(int n, int imms, int immr, bool immediate, int dataSize, out ulong wmask, out ulong tmask)
    {
        wmask = tmask = 0;
        int combined = (n << 6) | (~imms & 0x3F);
        if (combined == 0)
        {
            return false;
        }

        int len = 31 - System.Numerics.BitOperations.LeadingZeroCount((uint)combined);
        if (len < 1 || (1 << len) > dataSize)
        {
            return false;
        }

        int levels = (1 << len) - 1;
        if (immediate && (imms & levels) == levels)
        {
            return false;
        }

        int s = imms & levels;
        int r = immr & levels;
        int diff = (s - r) & levels;
        int esize = 1 << len;
        ulong welem = Ones(s + 1);
        ulong telem = Ones(diff + 1);
        welem = RotateRightElement(welem, r, esize);
        wmask = Replicate(welem, esize, dataSize);
        tmask = Replicate(telem, esize, dataSize);
        return true;
    }

    public static ulong Ones(int count) => count >= 64 ? ulong.MaxValue : (1UL << count) - 1;

    private static ulong RotateRightElement(ulong value, int amount, int esize)
    {
        if (amount == 0)
        {
            return value;
        }

        ulong mask = Ones(esize);
        return ((value >> amount) | (value << (esize - amount))) & mask;
    }

    private static ulong Replicate(ulong element, int esize, int dataSize)
    {
        ulong result = 0;
        for (int i = 0; i < dataSize; i += esize)
        {
            result |= element << i;
        }

        return result;
    }
}
