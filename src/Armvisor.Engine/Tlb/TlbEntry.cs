using System.Runtime.InteropServices;

namespace Armvisor.Engine.Tlb;

/// <summary>
/// One entry of the software TLB (QEMU's CPUTLBEntry shape): a page-aligned virtual tag per access kind, so a RAM hit
/// is one compare, and the host addend (<c>host = va + Addend</c>). The fast path compares the tag with the address
/// masked to the page and its low alignment bits (0..3), so a tag with a flag in bits [11:9] never matches and sends
/// the access to the slow path: <see cref="Invalid"/>, or <see cref="NotDirty"/> on the write tag of a page holding
/// decoded code, or <see cref="Watched"/>. (Flags in the alignment bits would match unaligned addresses.)
/// </summary>
[StructLayout(LayoutKind.Sequential, Size = 32)]
internal struct TlbEntry
{
    /// <summary>Tag of an empty slot.</summary>
    public const ulong Invalid = 1UL << 11;

    /// <summary>Write tag flag: the page holds decoded blocks; a write must invalidate them first.</summary>
    public const ulong NotDirty = 1UL << 10;

    /// <summary>Read/write tag flag: the page holds a byte a watchpoint watches; every access is checked on the slow path.</summary>
    public const ulong Watched = 1UL << 9;

    public ulong ReadTag;

    public ulong WriteTag;

    public ulong ExecTag;

    public nint Addend;
}
