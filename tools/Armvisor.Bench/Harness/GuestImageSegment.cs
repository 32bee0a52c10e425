namespace Armvisor.Bench.Harness;

/// <summary>One loadable piece of a guest image: file bytes at a physical address, zero-filled up to <see cref="MemorySize"/>.</summary>
public sealed record GuestImageSegment(ulong Address, ReadOnlyMemory<byte> Bytes, ulong MemorySize);
