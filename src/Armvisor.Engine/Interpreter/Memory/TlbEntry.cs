using System.Runtime.InteropServices;

namespace Armvisor.Engine.Interpreter.Memory;

/// <summary>
/// One entry of the software TLB (QEMU's CPUTLBEntry shape): a page-aligned virtual tag per access kind, so a RAM hit
/// is one compare, and the host addend (<c>host = va + Addend</c>). A tag with any bit of the page offset set never
/// matches and sends the access to the slow path: <see cref="Invalid"/>, or <see cref="NotDirty"/> on the write tag
/// of a page holding decoded code.
/// </summary>
[StructLayout(LayoutKind.Sequential, Size = 32)]
internal struct TlbEntry
{
    /// <summary>Tag of an empty slot.</summary>
    public const ulong Invalid = 1;

    /// <summary>Write tag flag: the page holds decoded blocks; a write must invalidate them first.</summary>
    public const ulong NotDirty = 2;

    public ulong ReadTag;

    public ulong WriteTag;

    public ulong ExecTag;

    public nint Addend;
}
