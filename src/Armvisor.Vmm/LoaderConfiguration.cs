namespace Armvisor.Vmm;

/// <summary>A file copied into guest memory at an address, like QEMU's <c>-device loader,file=F,addr=A</c>.</summary>
public sealed record LoaderConfiguration(string Path, ulong Address);
