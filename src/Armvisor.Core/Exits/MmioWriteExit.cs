using Armvisor.Arm64;
using Armvisor.Memory;

namespace Armvisor.Core;

/// <summary>The guest wrote <paramref name="Value"/> (<paramref name="Size"/> bytes) to device memory at <paramref name="Address"/>. No reply is owed.</summary>
public sealed record MmioWriteExit(GuestPhysicalAddress Address, AccessSize Size, ulong Value) : VmExit;
