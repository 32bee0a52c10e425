using Armvisor.Devices;
using Armvisor.Devices.Gic;
using Armvisor.Devices.Gpio;
using Armvisor.Devices.Platform;
using Armvisor.Devices.Rtc;
using Armvisor.Devices.Serial;
using Armvisor.Devices.Uart;
using Armvisor.Devices.Virtio;
using Armvisor.Devices.Virtio.Block;
using Armvisor.Devices.Virtio.Rng;
using Armvisor.Memory;
using Microsoft.Extensions.Logging;

namespace Armvisor.Vmm;

/// <summary>The devices of the virt board, mapped at their <see cref="MachineLayout"/> addresses and wired to GIC SPIs.</summary>
public sealed partial class Machine
{
    private readonly List<IDisposable> _deviceResources = [];

    /// <summary>Every device with guest-visible state, by a stable name, in the order a snapshot saves them.</summary>
    private readonly List<(string Name, IDeviceState Device)> _stateDevices = [];

    /// <summary>The virtio-mmio slots, whose host input a pause holds back.</summary>
    private readonly List<VirtioMmioTransport> _virtioTransports = [];
    private ISerialBackend? _serial;

    /// <summary>The PL011 UART (the guest console).</summary>
    public Pl011 Uart { get; private set; } = null!;

    /// <summary>The PL061 GPIO controller; pin <see cref="Firmware.DeviceTree.DeviceTreeBuilder.PowerButtonPin"/> is the power button.</summary>
    public Pl061 Gpio { get; private set; } = null!;

    /// <summary>The platform's secondary release device (<see cref="SecondaryStartKind.Platform"/>); null otherwise.</summary>
    public CpuReleaseController? CpuRelease { get; private set; }

    /// <param name="startSerialInput">False for a restore: console input starts after the UART's saved state is in place (<see cref="StartSerialInput"/>), so none typed meanwhile is lost.</param>
    private void AttachDevices(ISerialBackend? serialOverride, bool startSerialInput)
    {
        GicV3 gic = Interrupts.Gic;
        Bus.Map(MachineLayout.GicDistributor.Start, gic.Distributor);
        Bus.Map(MachineLayout.GicRedistributorBase, gic.RedistributorRegion);

        AttachFlash();
        _serial = serialOverride ?? CreateSerialBackend(Configuration.Serial);
        if (Configuration.ExitOnOutput is { Length: > 0 } marker)
        {
            _serial = new OutputWatcher(_serial, marker, () => Stop(GuestOutcome.PoweredOff, $"console printed \"{marker}\""));
        }

        Uart = new Pl011(gic.GetSpiLine(MachineLayout.SpiIntid(MachineLayout.UartSpi)), _serial, _loggerFactory.CreateLogger("Armvisor.Devices.Pl011"));
        Bus.Map(MachineLayout.Uart.Start, Uart);
        _stateDevices.Add(("pl011", Uart));
        if (_serial is StdioSerialBackend stdio)
        {
            stdio.QuitRequested += (_, _) => Stop(GuestOutcome.UserQuit, "Ctrl-A x");
            stdio.NmiRequested += (_, _) => SendNmi();
        }

        if (Configuration.SecondaryStart == SecondaryStartKind.Platform)
        {
            CpuRelease = new CpuReleaseController(new MachineCpuReleaseTarget(Vm), _loggerFactory.CreateLogger("Armvisor.Devices.CpuRelease"));
            Bus.Map(MachineLayout.CpuReleaseController.Start, CpuRelease);
            _stateDevices.Add(("cpu-release", CpuRelease));
        }

        var rtc = new Pl031(gic.GetSpiLine(MachineLayout.SpiIntid(MachineLayout.RtcSpi)), logger: _loggerFactory.CreateLogger("Armvisor.Devices.Pl031"));
        _deviceResources.Add(rtc);
        Bus.Map(MachineLayout.Rtc.Start, rtc);
        _stateDevices.Add(("pl031", rtc));

        Gpio = new Pl061(gic.GetSpiLine(MachineLayout.SpiIntid(MachineLayout.GpioSpi)), _loggerFactory.CreateLogger("Armvisor.Devices.Pl061"));
        Bus.Map(MachineLayout.Gpio.Start, Gpio);
        _stateDevices.Add(("pl061", Gpio));

        var memory = new GuestRamMemory(Ram);
        AttachFwCfg(memory);

        // virtio-mmio: the drives first, then an entropy source; every remaining slot answers with DeviceID 0, like QEMU.
        var devices = new List<IVirtioDevice>();
        for (int i = 0; i < Configuration.Drives.Count; i++)
        {
            DriveConfiguration drive = Configuration.Drives[i];
            VirtioBlock block;
            try
            {
                block = new VirtioBlock(Storage.DiskImage.Open(drive), $"armvisor-disk{i}", _loggerFactory.CreateLogger("Armvisor.Devices.VirtioBlock"));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new MachineConfigurationException($"cannot open drive {drive.Path}: {e.Message}", e);
            }

            _deviceResources.Add(block);
            devices.Add(block);
        }

        devices.AddRange(Configuration.Networks.Select(CreateNetworkDevice));
        devices.Add(new VirtioRng());
        if (devices.Count > MachineLayout.VirtioSlotCount)
        {
            throw new MachineConfigurationException($"{devices.Count} virtio devices do not fit in {MachineLayout.VirtioSlotCount} virtio-mmio slots");
        }

        for (int slot = 0; slot < MachineLayout.VirtioSlotCount; slot++)
        {
            IVirtioDevice? device = slot < devices.Count ? devices[slot] : null;
            IInterruptLine line = gic.GetSpiLine(MachineLayout.SpiIntid(MachineLayout.FirstVirtioSpi + slot));
            var transport = new VirtioMmioTransport(device, memory, line, _loggerFactory.CreateLogger("Armvisor.Devices.Virtio"));
            Bus.Map(MachineLayout.VirtioSlot(slot), transport);
            _stateDevices.Add(($"virtio-mmio.{slot}", transport));
            _virtioTransports.Add(transport);
        }

        if (startSerialInput)
        {
            StartSerialInput();
        }
    }

    private void StartSerialInput() => _serial!.Start(Uart.EnqueueInput);

    /// <summary>
    /// The VMM's NMI command (issue 6; QEMU's monitor <c>nmi</c>): raises the VM's designated pseudo-NMI on every vCPU.
    /// Returns false, with a log line, when the configuration designates none.
    /// </summary>
    public bool SendNmi()
    {
        bool sent = true;
        foreach (Core.Vcpu vcpu in Vm.Vcpus)
        {
            sent &= Interrupts.RaisePseudoNmi(vcpu.Index);
        }

        if (!sent)
        {
            _logger.LogWarning("NMI: no pseudo-NMI INTID is designated for this machine (--pseudo-nmi)");
        }

        return sent;
    }

    private static ISerialBackend CreateSerialBackend(SerialConfiguration serial)
    {
        try
        {
            return serial.Kind switch
            {
                SerialBackendKind.Stdio => new StdioSerialBackend(),
                SerialBackendKind.File => new FileSerialBackend(serial.Path!),
                SerialBackendKind.Tcp => new TcpSerialBackend(serial.Port),
                _ => new NullSerialBackend(),
            };
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Net.Sockets.SocketException)
        {
            throw new MachineConfigurationException($"cannot open serial back end {serial}: {e.Message}", e);
        }
    }

    private void DisposeDevices()
    {
        foreach (IDisposable resource in _deviceResources)
        {
            resource.Dispose();
        }

        _serial?.Dispose();
    }
}
