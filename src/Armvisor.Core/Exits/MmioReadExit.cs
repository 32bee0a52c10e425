using Armvisor.Arm64;
using Armvisor.Memory;

namespace Armvisor.Core;

/// <summary>The guest read <paramref name="Size"/> bytes of device memory at <paramref name="Address"/>. Reply with <see cref="Vcpu.CompleteMmioRead"/> (or <see cref="Vcpu.FailMmioAccess"/>) before the next run.</summary>
public sealed record MmioReadExit(GuestPhysicalAddress Address, AccessSize Size) : VmExit;
