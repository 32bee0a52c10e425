namespace Armvisor.Vmm.Gdb;

/// <summary>One thing received from the client: a packet's payload, or the out-of-band interrupt byte 0x03.</summary>
internal readonly record struct GdbInput(string? Packet, bool Interrupt);
