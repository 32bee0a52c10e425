using System.Diagnostics;
using System.Text.Json;
using Armvisor.Engine;
using Armvisor.Vmm.Snapshots;
using Microsoft.Extensions.Logging;

namespace Armvisor.Vmm;

/// <summary>
/// Snapshots (issue 20): the whole machine saved with every vCPU paused at an instruction boundary, and restored into a
/// new machine — a new process — that continues exactly. See <see cref="SnapshotFormat"/> for the file.
/// </summary>
public sealed partial class Machine
{

    /// <summary>Whether this machine was built from a snapshot (its vCPUs continue; nothing is booted).</summary>
    public bool Restored { get; private set; }

    /// <summary>
    /// Saves the machine to <paramref name="path"/> (written to a temporary file, then renamed). A running machine is
    /// paused for the save and resumes after it, as QEMU's savevm does; a paused one stays paused.
    /// </summary>
    public SnapshotInfo SaveSnapshot(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return WhilePaused(() => WriteSnapshot(Path.GetFullPath(path)));
    }

    private SnapshotInfo WriteSnapshot(string path)
    {
        var clock = Stopwatch.StartNew();
        string temporary = path + ".partial";
        long pages;
        long size;
        using (var file = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20))
        using (var snapshot = new SnapshotWriter(file))
        {
            snapshot.Add(SnapshotFormat.Configuration, JsonSerializer.SerializeToUtf8Bytes(Configuration, SnapshotJsonContext.Default.MachineConfiguration));
            snapshot.Add(SnapshotFormat.VmState, Vm.SaveState);
            foreach (Core.Vcpu vcpu in Vm.Vcpus)
            {
                snapshot.Add(SnapshotFormat.VcpuTag(vcpu.Index), vcpu.SaveState);
            }

            snapshot.Add(SnapshotFormat.GicState, Interrupts.Gic.SaveState);
            snapshot.Add(SnapshotFormat.DeviceState, writer =>
            {
                writer.Write(_stateDevices.Count);
                foreach ((string name, Devices.IDeviceState device) in _stateDevices)
                {
                    writer.Write(name);
                    device.SaveState(writer);
                }
            });
            snapshot.Add(SnapshotFormat.DiskReferences, writer =>
            {
                writer.Write(Configuration.Drives.Count);
                foreach (DriveConfiguration drive in Configuration.Drives)
                {
                    var info = new FileInfo(drive.Path);
                    writer.Write(info.FullName);
                    writer.Write(info.Exists ? info.Length : -1);
                }
            });
            snapshot.Add(SnapshotFormat.Ram, GuestRamImage.Encode(Ram, out pages));
            size = snapshot.Finish();
            file.Flush(flushToDisk: false);
        }

        File.Move(temporary, path, overwrite: true);
        var result = new SnapshotInfo(path, size, Ram.Range.Length, pages, clock.Elapsed);
        _logger.LogInformation("Snapshot saved to {Path}: {Size} bytes, {Pages} non-zero pages, {Ms} ms", path, size, pages, clock.ElapsedMilliseconds);
        return result;
    }

    /// <summary>
    /// Builds a machine from the snapshot at <paramref name="path"/>: the saved configuration (host-side settings
    /// adjusted by <paramref name="adjust"/>: serial back end, timeout...), RAM, every device, the GIC and the vCPUs.
    /// The machine starts paused if <see cref="StartPaused"/> is set before <see cref="Run"/>; otherwise it continues.
    /// </summary>
    /// <exception cref="SnapshotException">The file is not a restorable snapshot (one line, exit code 2).</exception>
    public static Machine Restore(string path, Func<PartitionOptions, IEnginePartition> engineFactory,
        Func<MachineConfiguration, MachineConfiguration>? adjust = null, Devices.Serial.ISerialBackend? serial = null,
        ILoggerFactory? loggerFactory = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var clock = Stopwatch.StartNew();
        // Process CPU time beside the wall clock: on a loaded host the wall times mostly measure waiting for a core.
        TimeSpan cpuStart = Environment.CpuUsage.TotalTime;
        SnapshotReader snapshot = SnapshotReader.Open(path);
        MachineConfiguration configuration;
        try
        {
            configuration = JsonSerializer.Deserialize(snapshot.Section(SnapshotFormat.Configuration).Span, SnapshotJsonContext.Default.MachineConfiguration)
                ?? throw new SnapshotException($"{path}: empty machine configuration");
        }
        catch (JsonException e)
        {
            throw new SnapshotException($"{path}: the machine configuration does not parse: {e.Message}", e);
        }

        CheckDisks(snapshot, path);
        TimeSpan opened = clock.Elapsed;
        TimeSpan cpuOpened = Environment.CpuUsage.TotalTime;
        configuration = adjust?.Invoke(configuration) ?? configuration;
        Machine machine = Build(configuration, engineFactory, serial, loggerFactory, loadImages: false);
        TimeSpan built = clock.Elapsed;
        TimeSpan cpuBuilt = Environment.CpuUsage.TotalTime;
        try
        {
            // Host input (a new passt's first frames) waits until the vCPUs run: RAM and the rings are being replaced.
            machine.HoldHostInput(true);
            GuestRamImage.Decode(snapshot.Section(SnapshotFormat.Ram), machine.Ram, path);
            TimeSpan ram = clock.Elapsed;
            TimeSpan cpuRam = Environment.CpuUsage.TotalTime;
            machine._logger.LogInformation("Restore phases (wall / process CPU): file read and checked {Open} / {OpenCpu} ms, machine built {Build} / {BuildCpu} ms, RAM decoded {Ram} / {RamCpu} ms",
                Math.Round(opened.TotalMilliseconds, 1), Math.Round((cpuOpened - cpuStart).TotalMilliseconds, 1),
                Math.Round((built - opened).TotalMilliseconds, 1), Math.Round((cpuBuilt - cpuOpened).TotalMilliseconds, 1),
                Math.Round((ram - built).TotalMilliseconds, 1), Math.Round((cpuRam - cpuBuilt).TotalMilliseconds, 1));
            snapshot.Read(SnapshotFormat.DeviceState, reader =>
            {
                int count = reader.ReadInt32();
                if (count != machine._stateDevices.Count)
                {
                    throw new InvalidDataException($"{count} devices saved, this machine has {machine._stateDevices.Count}");
                }

                foreach ((string name, Devices.IDeviceState device) in machine._stateDevices)
                {
                    string saved = reader.ReadString();
                    if (saved != name)
                    {
                        throw new InvalidDataException($"device {saved} saved where this machine has {name}");
                    }

                    device.RestoreState(reader);
                }
            });
            foreach (Core.Vcpu vcpu in machine.Vm.Vcpus)
            {
                snapshot.Read(SnapshotFormat.VcpuTag(vcpu.Index), vcpu.RestoreState);
            }

            // The GIC last: its restore drives each vCPU's IRQ/FIQ input to the level the saved state implies.
            snapshot.Read(SnapshotFormat.GicState, machine.Interrupts.Gic.RestoreState);
            snapshot.Read(SnapshotFormat.VmState, machine.Vm.RestoreState);
            machine.Restored = true;
            machine.StartSerialInput();
            // Guest time stays frozen at the saved count until the vCPUs start (Run), unless the machine starts paused.
            machine._restoreElapsed = clock.Elapsed;
            machine._restoreClock = clock;
            machine._logger.LogInformation("Restored {Path} (saved by Armvisor {Version}) in {Ms} ms", path, snapshot.ArmvisorVersion, clock.ElapsedMilliseconds);
            return machine;
        }
        catch
        {
            machine.Dispose();
            throw;
        }
    }

    private TimeSpan _restoreElapsed;
    private Stopwatch? _restoreClock;

    /// <summary>How long <see cref="Restore"/> took, from opening the file to a machine ready to run.</summary>
    public TimeSpan RestoreElapsed => _restoreElapsed;

    /// <summary>A restored machine's vCPU threads are starting: how long after the restore began (the benchmark's restore-to-running).</summary>
    private void LogRestoredRunning()
    {
        if (_restoreClock is { } clock)
        {
            _logger.LogInformation("Restored machine running {Ms} ms after the restore began", Math.Round(clock.Elapsed.TotalMilliseconds, 1));
            _restoreClock = null;
        }
    }

    /// <summary>The disk path references: every saved drive must still exist with the same size.</summary>
    private static void CheckDisks(SnapshotReader snapshot, string path) => snapshot.Read(SnapshotFormat.DiskReferences, reader =>
    {
        int count = reader.ReadInt32();
        for (int i = 0; i < count; i++)
        {
            string disk = reader.ReadString();
            long length = reader.ReadInt64();
            var info = new FileInfo(disk);
            if (!info.Exists)
            {
                throw new SnapshotException($"{path} refers to the disk {disk}, which no longer exists");
            }

            if (info.Length != length)
            {
                throw new SnapshotException($"{path} refers to the disk {disk} of {length} bytes; it now has {info.Length}");
            }
        }
    });
}
