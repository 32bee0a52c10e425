using Armvisor.Engine.Interpreter;
using Armvisor.Engine.Execution;
using Armvisor.Engine.Tlb;

namespace Armvisor.Engine.AArch32.Semantics;

// SAFETY: as A32Exceptions; host pointers come from the translated, aligned access (TryGetHostPointer).
/// <summary>
/// LDREX/STREX and the byte, halfword and doubleword forms, CLREX (DDI0487 F5.1; the monitors of B2.x/E2.x): the
/// vCPU's exclusive monitor records the IPA, size and value, and STREX is a host compare-and-swap against that value,
/// as for A64. Exclusives must be aligned to their size (Alignment fault otherwise). LDREXD/STREXD need an even
/// Rt &lt; 14; the UNPREDICTABLE register overlaps (Rd = Rn, Rt, Rt2; any register the PC) are UNDEFINED.
/// </summary>
internal static unsafe class A32Exclusive
{
    /// <summary>sz (bits [22:21]): 00 word, 01 doubleword, 10 byte, 11 halfword.</summary>
    public static bool Prepare(uint raw, DecodedInstruction* d)
    {
        d->Size = ((raw >> 21) & 3) switch { 0 => 4, 1 => 8, 2 => 1, _ => 2 };
        d->Rn = (byte)((raw >> 16) & 0xF);
        bool load = (raw & (1u << 20)) != 0;
        if (load)
        {
            d->Rd = (byte)((raw >> 12) & 0xF);
        }
        else
        {
            d->Rm = (byte)((raw >> 12) & 0xF); // status register
            d->Rd = (byte)(raw & 0xF);
            if (d->Rm == 15 || d->Rm == d->Rn || d->Rm == d->Rd || (d->Size == 8 && d->Rm == d->Rd + 1))
            {
                return false;
            }
        }

        d->Ra = (byte)(d->Rd + 1); // Rt2 (T32 encodes it)
        return d->Rn != 15 && d->Rd != 15 && (d->Size != 8 || ((d->Rd & 1) == 0 && d->Rd != 14));
    }

    private static bool Locate(InterpreterVcpu v, DecodedInstruction* d, bool write, out ulong physical, out byte* host)
    {
        physical = 0;
        host = null;
        uint address = v.R(d, d->Rn) + (uint)d->Imm; // T32 LDREX/STREX: imm8:'00'; A32: 0
        d->Iss = 0;
        if ((address & (uint)(d->Size - 1)) != 0)
        {
            v.RaiseAlignmentFault(address, d, write);
            return false;
        }

        return v.TryTranslate(address, write ? AccessKind.Write : AccessKind.Read, d, out physical)
            && v.TryGetHostPointer(address, d->Size, write, d, out host);
    }

    public static bool LoadExclusive(InterpreterVcpu v, DecodedInstruction* d)
    {
        if (!Locate(v, d, false, out ulong physical, out byte* host))
        {
            return false;
        }

        ulong value = d->Size switch
        {
            1 => Volatile.Read(ref *host),
            2 => Volatile.Read(ref *(ushort*)host),
            4 => Volatile.Read(ref *(uint*)host),
            _ => Volatile.Read(ref *(ulong*)host),
        };
        v.ArmExclusive(physical, host, d->Size, value, 0);
        v.WriteR(d->Rd, (uint)value);
        if (d->Size == 8)
        {
            v.WriteR(d->Ra, (uint)(value >> 32));
        }

        return true;
    }

    public static bool StoreExclusive(InterpreterVcpu v, DecodedInstruction* d)
    {
        if (!Locate(v, d, true, out ulong physical, out byte* host))
        {
            return false;
        }

        ulong value = d->Size == 8 ? v.R(d, d->Rd) | ((ulong)v.R(d, d->Ra) << 32) : v.R(d, d->Rd);
        bool success = false;
        if (v.TryClaimExclusive(physical, d->Size, out ulong expected, out _))
        {
            success = d->Size switch
            {
                1 => Interlocked.CompareExchange(ref *host, (byte)value, (byte)expected) == (byte)expected,
                2 => Interlocked.CompareExchange(ref *(ushort*)host, (ushort)value, (ushort)expected) == (ushort)expected,
                4 => Interlocked.CompareExchange(ref *(uint*)host, (uint)value, (uint)expected) == (uint)expected,
                _ => Interlocked.CompareExchange(ref *(ulong*)host, value, expected) == expected,
            };
        }

        v.WriteR(d->Rm, success ? 0u : 1u);
        return true;
    }

    public static bool ClearExclusive(InterpreterVcpu v, DecodedInstruction* d)
    {
        v.ClearExclusiveMonitor();
        return true;
    }
}
