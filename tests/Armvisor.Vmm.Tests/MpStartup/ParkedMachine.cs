using System.Buffers.Binary;
using Armvisor.Core;
using Armvisor.Firmware.MpStartup;
using Armvisor.Memory;

namespace Armvisor.Vmm.Tests.MpStartup;

/// <summary>
/// A real machine (interpreter engine, hypervisor core, GIC) booted with ACPI tables and <see cref="ParkTestKernel"/>:
/// its secondaries are started by the machine with their original method into their mailboxes' park code. The test
/// then acts as the OS of the parking protocol (linux-platform.md §4.1 cpu_boot): JumpAddress first, ProcessorId
/// second, then the wake-up SGI sent by the boot vCPU.
/// </summary>
internal sealed class ParkedMachine : IDisposable
{
    /// <summary>How long a test waits for a guest-side step before it fails (a hang guard, not a speed assertion).</summary>
    private static readonly TimeSpan s_stepLimit = TimeSpan.FromSeconds(60);

    private readonly string _directory;
    private readonly Task<GuestOutcome> _run;

    public ParkedMachine(int cpus, SecondaryStartKind secondaryStart)
    {
        _directory = Directory.CreateTempSubdirectory("armvisor-park-").FullName;
        string kernel = Path.Combine(_directory, "Image");
        File.WriteAllBytes(kernel, ParkTestKernel.Build());
        Machine = Machine.Create(new MachineConfiguration
        {
            KernelPath = kernel,
            Cpus = cpus,
            MemoryBytes = 64UL << 20,
            FirmwareTables = FirmwareTables.Acpi,
            SecondaryStart = secondaryStart,
            Serial = new SerialConfiguration(SerialBackendKind.None),
            Timeout = TimeSpan.FromMinutes(2),
        }, MachineRunner.DefaultEngine);
        _run = Task.Run(() => Machine.Run());
    }

    public Machine Machine { get; }

    public GuestPhysicalAddress KernelBase => Machine.Boot.EntryPoint;

    public GuestPhysicalAddress ReleasedEntry => KernelBase + ParkTestKernel.ReleasedEntryOffset;

    public Mailbox MailboxOf(int cpu) =>
        Machine.AcpiBoot!.MpStartup.Mailboxes.Mailboxes.Single(m => m.Mpidr == (Machine.Vm.Vcpus[cpu].Mpidr & Firmware.MachineDescription.MpidrAffinityMask));

    public Vcpu Vcpu(int cpu) => Machine.Vm.Vcpus[cpu];

    /// <summary>Waits until every secondary has reached its park code's WFE at least once.</summary>
    public void WaitUntilAllParked() =>
        WaitFor(() => Machine.Vm.Vcpus.Skip(1).All(v => v.WfeTraps >= 1), "every secondary to park in WFE");

    public void WaitFor(Func<bool> condition, string what) =>
        Assert.True(SpinWait.SpinUntil(() => { Thread.Sleep(5); return condition(); }, s_stepLimit), $"timed out waiting for {what}; {Describe()}");

    /// <summary>Every vCPU's power state, PC, WFE traps and retired instructions (for failure messages).</summary>
    public string Describe() => string.Join("; ", Machine.Vm.Vcpus.Select(v =>
        $"vCPU {v.Index}: {v.PowerState} PC 0x{(v.Engine?.GetRegister(Engine.Arm64Register.Pc) ?? 0):X} WFE traps {v.WfeTraps} instructions {v.InstructionsRetired}"));

    /// <summary>Linux acpi_parking_protocol_cpu_boot: writeq(entry, JumpAddress), then writel(id, ProcessorId).</summary>
    public void WriteMailbox(int cpu, ulong jumpAddress, uint processorId)
    {
        GuestPhysicalAddress page = MailboxOf(cpu).Address;
        WriteDoubleword(page + ParkingMailboxLayout.JumpAddressOffset, jumpAddress);
        WriteWord(page + ParkingMailboxLayout.ProcessorIdOffset, processorId);
    }

    public ulong JumpAddress(int cpu) => ReadDoubleword(MailboxOf(cpu).Address + ParkingMailboxLayout.JumpAddressOffset);

    public uint ProcessorId(int cpu) => BinaryPrimitives.ReadUInt32LittleEndian(Machine.Ram.GetSpan(MailboxOf(cpu).Address, 4));

    /// <summary>The boot vCPU sends SGI <paramref name="intid"/> to vCPU <paramref name="cpu"/> (ICC_SGI1R_EL1, IHI0069 §12.2.21).</summary>
    public void SendSgiFromBootCpu(int cpu, int intid)
    {
        ulong mpidr = Vcpu(cpu).Mpidr;
        ulong value = ((ulong)intid << 24) | (((mpidr >> 8) & 0xFF) << 16) | (1UL << (int)(mpidr & 0xF));
        GuestPhysicalAddress command = KernelBase + ParkTestKernel.CommandOffset;
        WriteDoubleword(KernelBase + ParkTestKernel.SgiValueOffset, value);
        WriteWord(command, 1);
        Vcpu(0).Engine!.SignalEvent();
        // The released CPU may power the machine off before the boot vCPU clears the command: that also ends the step.
        WaitFor(() => BinaryPrimitives.ReadUInt32LittleEndian(Machine.Ram.GetSpan(command, 4)) == 0 || _run.IsCompleted, "the boot vCPU to send the SGI");
    }

    /// <summary>MPIDR_EL1 stored by the secondary that reached <see cref="ReleasedEntry"/>, or all-ones.</summary>
    public ulong ReleasedCpuMpidr => ReadDoubleword(KernelBase + ParkTestKernel.ResultOffset);

    /// <summary>Waits for the run to end (the released CPU's SYSTEM_OFF).</summary>
    public GuestOutcome WaitForEnd()
    {
        Assert.True(_run.Wait(s_stepLimit), "the run did not end");
        return _run.Result;
    }

    public ulong ProgramCounter(int cpu) => Vcpu(cpu).Engine!.GetRegister(Engine.Arm64Register.Pc);

    public bool IsInParkCode(int cpu, ulong pc)
    {
        GuestPhysicalAddress code = MailboxOf(cpu).ParkEntry;
        return pc >= code.Value && pc < code.Value + (ulong)ParkCode.Assemble(MailboxOf(cpu).CpuInterfaceNumber).Length;
    }

    public void Dispose()
    {
        Machine.Stop(GuestOutcome.UserQuit, "test ended");
        _run.Wait(s_stepLimit);
        Machine.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    private void WriteWord(GuestPhysicalAddress address, uint value)
    {
        Span<byte> bytes = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(bytes, value);
        Machine.Ram.Write(address, bytes);
    }

    private void WriteDoubleword(GuestPhysicalAddress address, ulong value)
    {
        Span<byte> bytes = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, value);
        Machine.Ram.Write(address, bytes);
    }

    private ulong ReadDoubleword(GuestPhysicalAddress address) => BinaryPrimitives.ReadUInt64LittleEndian(Machine.Ram.GetSpan(address, 8));
}
