namespace Armvisor.Fleet.Configuration;

/// <summary>A VM a host runs after its second boot: a kernel (or bare-metal guest) image started on Armvisor.</summary>
public sealed record VmSpec(string Name, string Kernel, int MemoryMiB = 128, int Cpus = 1);
