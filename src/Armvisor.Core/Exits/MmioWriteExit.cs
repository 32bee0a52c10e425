using Armvisor.Arm64;
using Armvisor.Memory;

namespace Armvisor.Core;

/// <summary>The guest wrote <paramref name="Value"/> (<paramref name="Size"/> bytes) to device memory at <paramref name="Address"/>. Reply with <see cref="Vcpu.CompleteMmioWrite"/> (or <see cref="Vcpu.FailMmioAccess"/>) before the next run.</summary>
public sealed record MmioWriteExit(GuestPhysicalAddress Address, AccessSize Size, ulong Value) : VmExit;
