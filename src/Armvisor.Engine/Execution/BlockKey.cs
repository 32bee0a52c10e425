namespace Armvisor.Engine.Execution;

/// <summary>
/// What identifies a decoded block: its virtual address (records hold absolute branch targets), its physical address
/// and the translation regime it was decoded for (EL and whether stage 1 was enabled), like QEMU's (pc, phys, flags).
/// </summary>
internal readonly record struct BlockKey(ulong VirtualAddress, ulong PhysicalAddress, int Regime);
