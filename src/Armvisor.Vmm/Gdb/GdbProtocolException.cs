namespace Armvisor.Vmm.Gdb;

/// <summary>The client broke the remote serial protocol (malformed or oversized packet): the connection is closed.</summary>
public sealed class GdbProtocolException(string message) : Exception(message);
