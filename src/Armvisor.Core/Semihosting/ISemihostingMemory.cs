namespace Armvisor.Core.Semihosting;

/// <summary>Guest memory as the calling vCPU sees it (its current translation): the parameter block and the buffers it points at.</summary>
public interface ISemihostingMemory
{
    /// <summary>Bytes read before the first unmapped one.</summary>
    int Read(ulong address, Span<byte> buffer);

    /// <summary>Bytes written before the first unmapped one.</summary>
    int Write(ulong address, ReadOnlySpan<byte> data);
}
