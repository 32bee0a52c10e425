using Armvisor.Devices.Flash;
using Armvisor.Firmware.Loading;
using Armvisor.Memory;
using Microsoft.Extensions.Logging;

namespace Armvisor.Vmm;

/// <summary>The virt board's two CFI flash banks (with <c>--bios</c> or <c>--pflash</c>) and the firmware boot from them.</summary>
public sealed partial class Machine
{
    private readonly List<GuestRam> _flashStorage = [];

    /// <summary>The flash banks, bank 0 first; empty when the configuration names no firmware or flash file.</summary>
    public IReadOnlyList<CfiParallelFlash> FlashBanks { get; private set; } = [];

    private void AttachFlash()
    {
        FlashBankSource?[] sources = FlashBankSource.Assign(Configuration.BiosPath, Configuration.Pflash);
        if (sources.All(s => s is null))
        {
            return;
        }

        var banks = new List<CfiParallelFlash>();
        for (int unit = 0; unit < sources.Length; unit++)
        {
            AddressRange range = MachineLayout.FlashBank(unit);
            var storage = new GuestRam(range.Start, range.Length);
            _flashStorage.Add(storage);
            FlashBankSource? source = sources[unit];
            Stream? backing = source is null ? null : LoadFlashFile(source, storage);
            var window = new FlashArrayMapping(Vm.Partition, storage);
            window.SetArrayVisible(true);
            var bank = new CfiParallelFlash(storage, FlashGeometry.QemuVirt, source?.ReadOnly ?? false, backing, window,
                _loggerFactory.CreateLogger("Armvisor.Devices.Flash"));
            _deviceResources.Add(bank);
            Bus.Map(range.Start, bank);
            banks.Add(bank);
            _logger.LogInformation("Flash bank {Unit} at {Range}: {Source}", unit, range,
                source is null ? "empty" : $"{source.Path}{(source.ReadOnly ? " (read-only)" : source.WriteBack ? " (written back)" : "")}");
        }

        FlashBanks = banks;
    }

    /// <summary>Copies the file into the bank; returns the open file when the bank's programming is written back to it.</summary>
    private static FileStream? LoadFlashFile(FlashBankSource source, GuestRam storage)
    {
        FileStream? file = null;
        try
        {
            file = new FileStream(source.Path, FileMode.Open, source.WriteBack ? FileAccess.ReadWrite : FileAccess.Read, FileShare.Read);
            if ((ulong)file.Length > storage.Range.Length)
            {
                throw new MachineConfigurationException(
                    $"flash image {source.Path} is {file.Length} bytes, larger than the {storage.Range.Length >> 20} MiB flash bank");
            }

            file.ReadExactly(storage.GetSpan(storage.Range.Start, (int)file.Length));
            if (source.WriteBack)
            {
                return file;
            }

            file.Dispose();
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            file?.Dispose();
            throw new MachineConfigurationException($"cannot open flash image {source.Path}: {e.Message.ReplaceLineEndings(" ")}", e);
        }
        catch
        {
            file?.Dispose();
            throw;
        }
    }

    /// <summary>
    /// The firmware boot (QEMU virt with -bios or pflash unit 0): the boot CPU starts at the bank's first instruction
    /// with every register zero, and the device tree lies at the start of RAM, where EDK2's ArmVirtQemu
    /// (PcdDeviceTreeInitialBaseAddress) and U-Boot's qemu-arm board look for it.
    /// </summary>
    private void PlaceFirmwareBoot(BootLayout layout)
    {
        DeviceTree = BuildDeviceTree(initrd: null);
        var dtb = new AddressRange(MachineLayout.RamBase, (ulong)DeviceTree.Length);
        layout.Place(Arm64ImageLoader.DeviceTreeName, dtb);
        Ram.Write(dtb.Start, DeviceTree);
        Boot = new BootPlan(MachineLayout.FlashBank(0).Start, 0, layout.Components.ToArray());
    }

    private void DisposeFlashStorage()
    {
        foreach (GuestRam storage in _flashStorage)
        {
            storage.Dispose();
        }
    }
}
