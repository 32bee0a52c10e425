namespace Armvisor.Firmware.DeviceTree;

/// <summary>A parsed device tree: reservations, boot CPU and the node tree; <see cref="ToBlob"/> writes it back.</summary>
public sealed class FdtTree
{
    public FdtTree(FdtNode root, IReadOnlyList<(ulong Address, ulong Size)> reservations, uint bootCpuId)
    {
        Root = root;
        Reservations = [.. reservations];
        BootCpuId = bootCpuId;
    }

    public FdtNode Root { get; }

    public List<(ulong Address, ulong Size)> Reservations { get; }

    public uint BootCpuId { get; }

    /// <summary>Serialises the tree as a fresh v17 blob.</summary>
    public byte[] ToBlob()
    {
        var writer = new FdtWriter();
        foreach (var (address, size) in Reservations)
        {
            writer.AddMemoryReservation(address, size);
        }

        Root.WriteTo(writer);
        return writer.Finish(BootCpuId);
    }
}
