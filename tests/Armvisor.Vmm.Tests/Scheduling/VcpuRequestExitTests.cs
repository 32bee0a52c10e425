using Armvisor.Core;

namespace Armvisor.Vmm.Tests.Scheduling;

/// <summary>
/// <see cref="Vcpu.RequestExit"/> from another thread (the scheduler's slice end) must end <see cref="Vcpu.Run"/>
/// whenever it lands; a request that arrived while the vCPU's engine was being created, on its first run, used to be
/// lost, and the vCPU ran on past its slice for good.
/// </summary>
public sealed class VcpuRequestExitTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("armvisor-exit-").FullName;

    [Fact]
    public void Run_ExitRequestedWhileEngineIsCreated_ReturnsInterrupted()
    {
        string file = Path.Combine(_directory, "spin.bin");
        File.WriteAllBytes(file, BitConverter.GetBytes(0x14000000u)); // b . (a guest that never exits by itself)
        Machine? machine = null;
        using Machine m = machine = Machine.Create(new MachineConfiguration
        {
            Loaders = [new LoaderConfiguration(file, 0x4000_0000)],
            Cpus = 1,
            MemoryBytes = 16UL << 20,
            Serial = new SerialConfiguration(SerialBackendKind.None),
        }, options => new CreationHookPartition(MachineRunner.DefaultEngine(options), index => machine!.Vm.Vcpus[index].RequestExit()));

        m.Vm.Vcpus[0].PowerOnAt(0x4000_0000, 0);
        VmExit? exit = null;
        var run = new Thread(() => exit = m.Vm.Vcpus[0].Run()) { IsBackground = true };
        run.Start();
        bool returned = run.Join(TimeSpan.FromSeconds(10));
        if (!returned)
        {
            m.Vm.Vcpus[0].RequestExit(); // let the thread go before the machine is disposed
            run.Join(TimeSpan.FromSeconds(20));
        }

        Assert.True(returned, "the exit request made during the engine's creation was lost");
        Assert.IsType<InterruptedExit>(exit);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
