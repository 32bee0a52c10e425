using System.Reflection;
using System.Text;

namespace Armvisor.Vmm.Snapshots;

/// <summary>
/// The snapshot file format, version 1. All integers little-endian.
/// <code>
/// header:  magic "ARMVSNAP" (8 bytes) | u32 format version | u16 length + UTF-8 Armvisor version | u32 section count
/// section: 4-byte ASCII tag | u64 payload length | u64 XXH3-64 of the payload | payload
/// </code>
/// Sections, in order: CONF (the machine configuration, JSON), VM__ (system counter, watchdogs), CPU0..CPUn (each
/// vCPU: power state, core masks, engine state with every System register, timers, exclusive monitor), GIC_, DEVS
/// (PL011, CPU release controller, PL031, PL061, every virtio-mmio slot with its virtqueue positions), DISK (each drive's path,
/// size and modification time), RAM_ (<see cref="GuestRamImage"/>: sparse, LZ4-compressed) and END_ (empty; a file
/// without it was truncated).
/// </summary>
public static class SnapshotFormat
{
    /// <summary>2: DEVS holds the PL061 GPIO after the PL031.</summary>
    public const int Version = 2;

    public static ReadOnlySpan<byte> Magic => "ARMVSNAP"u8;

    public const string Configuration = "CONF";
    public const string VmState = "VM__";
    public const string GicState = "GIC_";
    public const string DeviceState = "DEVS";
    public const string DiskReferences = "DISK";
    public const string Ram = "RAM_";
    public const string End = "END_";

    /// <summary>The tag of vCPU <paramref name="index"/>'s section: CPU0..CPU9, then CPUA.. (at most 64 vCPUs: CPU followed by one character).</summary>
    public static string VcpuTag(int index) => "CPU" + (char)(index < 10 ? '0' + index : 'A' + index - 10);

    /// <summary>This build's version (AssemblyInformationalVersion without the +commit suffix).</summary>
    public static string ArmvisorVersion
    {
        get
        {
            string version = typeof(SnapshotFormat).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0";
            int plus = version.IndexOf('+', StringComparison.Ordinal);
            return plus < 0 ? version : version[..plus];
        }
    }

    internal static byte[] TagBytes(string tag)
    {
        byte[] bytes = Encoding.ASCII.GetBytes(tag);
        return bytes.Length == 4 ? bytes : throw new ArgumentException($"section tag '{tag}' is not 4 characters", nameof(tag));
    }
}
