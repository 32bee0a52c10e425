namespace Armvisor.Core.Prda;

/// <summary>
/// The per-vCPU private data area (patents.md §3): one 4 KiB IPA page that reaches a different host page on each vCPU.
/// </summary>
/// <param name="Ipa">Page-aligned IPA of the alias (the virt board: 0x090C_0000, docs/memory-map.md).</param>
/// <param name="Executable">Stage-2 execute permission; off by default, so the guest cannot run code from it.</param>
public sealed record PrdaConfiguration(ulong Ipa, bool Executable = false)
{
    /// <summary>The alias is one 4 KiB page.</summary>
    public const ulong Size = 4096;
}
