using Armvisor.Engine.Execution;
using Armvisor.Engine.Tlb;
using Armvisor.Engine.Interpreter;

namespace Armvisor.Engine.A64.Instructions;

// SAFETY: handlers run only from a block: d points at that block's pinned record, and v.X/v.V are the vCPU's pinned
// register files indexed by 5-bit register numbers (0..31), so every pointer access stays in bounds.
/// <summary>
/// Load/store exclusive and load-acquire/store-release (DDI0487 C4.1.88, B2.9): LDXR/LDAXR/STXR/STLXR, the pair forms,
/// LDAR/STLR/LDAPR and CLREX. Exclusive and acquire/release accesses must be aligned (Alignment fault otherwise).
/// STXR is a host compare-and-swap against the value LDXR loaded, so it is correct across host threads.
/// </summary>
internal static unsafe class ExclusiveInstructions
{
    /// <summary>size in bits [31:30]; pair forms (bit 21) move two registers of 4 &lt;&lt; sz bytes.</summary>
    public static bool PrepareExclusive(uint raw, DecodedInstruction* d)
    {
        bool pair = ((raw >> 21) & 1) != 0;
        int size = (int)(raw >> 30);
        d->Size = (byte)(pair ? 4 << (size & 1) : 1 << size);
        return true;
    }

    /// <summary>LDAR/STLR/LDAPR: ISS valid with AR=1 (they are single-register accesses without write-back).</summary>
    public static bool PrepareAcquireRelease(uint raw, DecodedInstruction* d)
    {
        int size = (int)(raw >> 30);
        d->Size = (byte)(1 << size);
        d->Iss = (1u << 24) | ((uint)size << 22) | ((uint)d->Rd << 16) | (size == 3 ? 1u << 15 : 0) | (1u << 14);
        return true;
    }

    private static bool AlignedAddress(InterpreterVcpu v, DecodedInstruction* d, int totalSize, bool write, out ulong address)
    {
        if (!v.TryReadBase(d, out address))
        {
            return false;
        }

        if ((address & (ulong)(totalSize - 1)) != 0)
        {
            v.RaiseAlignmentFault(address, d, write);
            return false;
        }

        return true;
    }

    /// <summary>LDXR/LDAXR: loads and arms the monitor with the IPA and the value.</summary>
    public static bool LoadExclusive(InterpreterVcpu v, DecodedInstruction* d)
    {
        int size = d->Size;
        if (!AlignedAddress(v, d, size, false, out ulong address)
            || !v.TryTranslate(address, AccessKind.Read, d, out ulong physical)
            || !v.TryGetHostPointer(address, size, false, d, out byte* host))
        {
            return false;
        }

        // SAFETY: host is the translated, aligned RAM location of the access.
        ulong value = size switch
        {
            1 => Volatile.Read(ref *host),
            2 => Volatile.Read(ref *(ushort*)host),
            4 => Volatile.Read(ref *(uint*)host),
            _ => Volatile.Read(ref *(ulong*)host),
        };
        v.ArmExclusive(physical, host, size, value, 0);
        v.WriteX(d->Rd, value);
        if ((d->Raw & (1u << 15)) != 0)
        {
            Interlocked.MemoryBarrier();
        }

        return true;
    }

    /// <summary>STXR/STLXR: Ws = 0 when the compare-and-swap against the loaded value succeeds, else 1.</summary>
    public static bool StoreExclusive(InterpreterVcpu v, DecodedInstruction* d)
    {
        int size = d->Size;
        if (!AlignedAddress(v, d, size, true, out ulong address)
            || !v.TryTranslate(address, AccessKind.Write, d, out ulong physical)
            || !v.TryGetHostPointer(address, size, true, d, out byte* host))
        {
            return false;
        }

        ulong value = v.X[d->Rd];
        bool success = false;
        if (v.TryClaimExclusive(physical, size, out ulong expected, out _))
        {
            // SAFETY: host is the translated, aligned, writable RAM location of the access.
            success = size switch
            {
                1 => Interlocked.CompareExchange(ref *host, (byte)value, (byte)expected) == (byte)expected,
                2 => Interlocked.CompareExchange(ref *(ushort*)host, (ushort)value, (ushort)expected) == (ushort)expected,
                4 => Interlocked.CompareExchange(ref *(uint*)host, (uint)value, (uint)expected) == (uint)expected,
                _ => Interlocked.CompareExchange(ref *(ulong*)host, value, expected) == expected,
            };
        }

        v.WriteX(d->Rm, success ? 0UL : 1UL);
        return true;
    }

    /// <summary>LDXP/LDAXP: two registers; the 2 x 64-bit form is read under the partition's pair lock.</summary>
    public static bool LoadExclusivePair(InterpreterVcpu v, DecodedInstruction* d)
    {
        int size = d->Size;
        if (!AlignedAddress(v, d, size * 2, false, out ulong address)
            || !v.TryTranslate(address, AccessKind.Read, d, out ulong physical)
            || !v.TryGetHostPointer(address, size * 2, false, d, out byte* host))
        {
            return false;
        }

        ulong low, high;
        if (size == 4)
        {
            // SAFETY: host is the aligned RAM location of the 8-byte access.
            ulong both = Volatile.Read(ref *(ulong*)host);
            low = (uint)both;
            high = both >> 32;
            v.ArmExclusive(physical, host, 8, both, 0);
        }
        else
        {
            lock (v.Partition.ExclusivePairLock)
            {
                // SAFETY: host is the aligned RAM location of the 16-byte access.
                low = Volatile.Read(ref *(ulong*)host);
                high = Volatile.Read(ref *(ulong*)(host + 8));
            }

            v.ArmExclusive(physical, host, 16, low, high);
        }

        v.WriteX(d->Rd, low);
        v.WriteX(d->Ra, high);
        return true;
    }

    /// <summary>STXP/STLXP.</summary>
    public static bool StoreExclusivePair(InterpreterVcpu v, DecodedInstruction* d)
    {
        int size = d->Size;
        if (!AlignedAddress(v, d, size * 2, true, out ulong address)
            || !v.TryTranslate(address, AccessKind.Write, d, out ulong physical)
            || !v.TryGetHostPointer(address, size * 2, true, d, out byte* host))
        {
            return false;
        }

        bool success = false;
        if (size == 4)
        {
            ulong value = (uint)v.X[d->Rd] | (v.X[d->Ra] << 32);
            if (v.TryClaimExclusive(physical, 8, out ulong expected, out _))
            {
                // SAFETY: host is the aligned, writable RAM location of the 8-byte access.
                success = Interlocked.CompareExchange(ref *(ulong*)host, value, expected) == expected;
            }
        }
        else if (v.TryClaimExclusive(physical, 16, out ulong expectedLow, out ulong expectedHigh))
        {
            lock (v.Partition.ExclusivePairLock)
            {
                // SAFETY: host is the aligned, writable RAM location of the 16-byte access.
                ulong* p = (ulong*)host;
                if (Volatile.Read(ref p[0]) == expectedLow && Volatile.Read(ref p[1]) == expectedHigh)
                {
                    Volatile.Write(ref p[0], v.X[d->Rd]);
                    Volatile.Write(ref p[1], v.X[d->Ra]);
                    success = true;
                }
            }
        }

        v.WriteX(d->Rm, success ? 0UL : 1UL);
        return true;
    }

    /// <summary>LDAR: an aligned load with acquire semantics.</summary>
    public static bool LoadAcquire(InterpreterVcpu v, DecodedInstruction* d)
    {
        if (!AlignedAddress(v, d, d->Size, false, out ulong address))
        {
            return false;
        }

        if (!v.TryReadSized(address, d, d->Size, out ulong value))
        {
            return false;
        }

        Interlocked.MemoryBarrier();
        v.WriteX(d->Rd, value);
        return true;
    }

    /// <summary>STLR: an aligned store with release semantics, ordered before later acquires (RCsc).</summary>
    public static bool StoreRelease(InterpreterVcpu v, DecodedInstruction* d)
    {
        if (!AlignedAddress(v, d, d->Size, true, out ulong address))
        {
            return false;
        }

        ulong value = v.X[d->Rd];
        Interlocked.MemoryBarrier();
        bool ok = v.TryWriteSized(address, d, d->Size, value);
        Interlocked.MemoryBarrier();
        return ok;
    }
}
