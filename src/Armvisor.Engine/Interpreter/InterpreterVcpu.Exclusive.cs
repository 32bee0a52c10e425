namespace Armvisor.Engine.Interpreter;

/// <summary>
/// The local exclusive monitor of LDXR/STXR (DDI0487 B2.9): the IPA, size and value loaded. STXR succeeds when the
/// address matches and a host compare-and-swap finds memory still holding the loaded value — the global monitor's
/// effect, correct across host threads (like QEMU and ARMeilleure; value-based, so an ABA store goes unnoticed).
/// </summary>
public sealed unsafe partial class InterpreterVcpu
{
    private bool _exclusiveArmed;
    private ulong _exclusiveAddress;
    private ulong _exclusiveValue;
    private ulong _exclusiveValueHigh;
    private int _exclusiveSize;
    private byte* _exclusiveHost;

    internal void ArmExclusive(ulong physical, byte* host, int size, ulong value, ulong high)
    {
        _exclusiveArmed = true;
        _exclusiveAddress = physical;
        _exclusiveHost = host;
        _exclusiveSize = size;
        _exclusiveValue = value;
        _exclusiveValueHigh = high;
    }

    /// <summary>
    /// Checks and disarms the monitor for a store-exclusive to <paramref name="physical"/> of <paramref name="size"/>
    /// bytes; returns the loaded values it must still find in memory.
    /// </summary>
    internal bool TryClaimExclusive(ulong physical, int size, out ulong value, out ulong high)
    {
        value = _exclusiveValue;
        high = _exclusiveValueHigh;
        bool ok = _exclusiveArmed && _exclusiveAddress == physical && _exclusiveSize == size;
        _exclusiveArmed = false;
        return ok;
    }

    /// <summary>CLREX, exception entry and return (DDI0487 D1.10, B2.9.5).</summary>
    internal void ClearExclusiveMonitor() => _exclusiveArmed = false;

    private bool ExclusiveValueChanged()
    {
        byte* p = _exclusiveHost;
        // SAFETY: the pointer came from a TLB hit on RAM when the exclusive was armed; RAM outlives the vCPU's run.
        return _exclusiveSize switch
        {
            1 => Volatile.Read(ref *p) != (byte)_exclusiveValue,
            2 => Volatile.Read(ref *(ushort*)p) != (ushort)_exclusiveValue,
            4 => Volatile.Read(ref *(uint*)p) != (uint)_exclusiveValue,
            8 => Volatile.Read(ref *(ulong*)p) != _exclusiveValue,
            _ => Volatile.Read(ref *(ulong*)p) != _exclusiveValue || Volatile.Read(ref *(ulong*)(p + 8)) != _exclusiveValueHigh,
        };
    }
}
