using System.Runtime.InteropServices;

namespace Armvisor.Engine.Native;

/// <summary>
/// One slot of the indirect-branch jump table (QEMU's tb_jmp_cache for translated code): the guest VA of a translated
/// block, the chain epoch and translation regime it was found under (<c>epoch &lt;&lt; 32 | regime</c>), and its chain
/// entry. A BR/BLR/RET whose target, epoch and regime match jumps straight there.
/// </summary>
[StructLayout(LayoutKind.Sequential, Size = 32)]
internal struct NativeJumpTableEntry
{
    public const int Bits = 12;
    public const int PcOffset = 0;
    public const int TagOffset = 8;
    public const int EntryOffset = 16;

    public ulong Pc;

    public ulong Tag;

    public ulong ChainEntry;

    public static int IndexOf(ulong pc) => (int)(pc >> 2) & ((1 << Bits) - 1);
}
