using Armvisor.Devices.FwCfg;
using Armvisor.Firmware.Acpi.TableLoader;
using Armvisor.Firmware.Loading;
using Armvisor.Memory;
using Microsoft.Extensions.Logging;

namespace Armvisor.Vmm;

/// <summary>The virt board's fw_cfg for firmware boots: what QEMU's virt and hw/arm/boot.c put in it.</summary>
public sealed partial class Machine
{
    /// <summary>The fw_cfg device; null unless the machine boots from firmware.</summary>
    public FwCfgDevice? FwCfg { get; private set; }

    private void AttachFwCfg(IGuestMemory memory)
    {
        MachineConfiguration c = Configuration;
        if (!c.BootsFromFirmware)
        {
            return;
        }

        var fwCfg = new FwCfgDevice(memory, _loggerFactory.CreateLogger("Armvisor.Devices.FwCfg"));
        fwCfg.AddItem(FwCfgItem.Uuid, new byte[16]);
        fwCfg.AddItem(FwCfgItem.NoGraphic, (ushort)1);
        fwCfg.AddItem(FwCfgItem.BootMenu, (ushort)0);
        fwCfg.AddItem(FwCfgItem.CpuCount, (ushort)c.Cpus);
        fwCfg.AddItem(FwCfgItem.MaxCpus, (ushort)c.Cpus);

        // hw/arm/boot.c, firmware boot with -kernel: the kernel inflated if gzip-compressed, the initrd as is, the
        // command line NUL-terminated; size 0 when absent (EDK2's QemuKernelLoaderFsDxe and U-Boot's qfw read these).
        byte[] kernel = [];
        if (c.KernelPath is { } kernelPath)
        {
            byte[] file = BootFile.Read(kernelPath, "kernel");
            kernel = file.AsSpan().StartsWith("\u007FELF"u8) ? file : Arm64ImageLoader.Decode(file, kernelPath, Ram.Range.Length).Bytes;
        }

        byte[] initrd = c.InitrdPath is null ? [] : BootFile.Read(c.InitrdPath, "initrd");
        fwCfg.AddItem(FwCfgItem.KernelSize, (uint)kernel.Length);
        fwCfg.AddItem(FwCfgItem.KernelData, kernel);
        fwCfg.AddItem(FwCfgItem.InitrdSize, (uint)initrd.Length);
        fwCfg.AddItem(FwCfgItem.InitrdData, initrd);
        if (c.KernelPath is not null)
        {
            byte[] commandLine = [.. System.Text.Encoding.UTF8.GetBytes(c.Append), 0];
            fwCfg.AddItem(FwCfgItem.CommandLineSize, (uint)commandLine.Length);
            fwCfg.AddItem(FwCfgItem.CommandLineData, commandLine);
        }

        // QEMU's boot order file (empty without bootindex properties) and its boot-fail wait (-1: no reboot on boot failure).
        fwCfg.AddFile("bootorder", []);
        fwCfg.AddFile("etc/boot-fail-wait", BitConverter.GetBytes(uint.MaxValue));

        // The ACPI tables as QEMU virt gives them with ACPI on, its default (hw/arm/virt-acpi-build.c): UEFI firmware
        // links and installs them, and then hands the OS ACPI instead of the device tree (EDK2 ArmVirtQemu).
        FwCfgAcpiTables acpi = FwCfgAcpiTables.Build(Describe(c));
        fwCfg.AddFile(FwCfgAcpiTables.RsdpFile, acpi.Rsdp);
        fwCfg.AddFile(FwCfgAcpiTables.TablesFile, acpi.Tables);
        fwCfg.AddFile(FwCfgAcpiTables.LoaderFile, acpi.Loader);
        Bus.Map(MachineLayout.FwCfg.Start, fwCfg);
        FwCfg = fwCfg;
        _logger.LogInformation("fw_cfg at {Range}: kernel {Kernel} bytes, initrd {Initrd} bytes", MachineLayout.FwCfg, kernel.Length, initrd.Length);
    }
}
