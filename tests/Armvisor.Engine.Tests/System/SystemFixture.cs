using Armvisor.Arm64;
using Armvisor.Engine.Interpreter;
using Armvisor.Engine.SystemLevel;

namespace Armvisor.Engine.Tests;

/// <summary>One vCPU's system level with a manual counter and a dictionary-backed guest memory for page tables.</summary>
internal sealed class SystemFixture : IPageTableReader
{
    private readonly Dictionary<ulong, ulong> _memory = [];

    public SystemFixture(bool hasEl2 = true, bool hasEl3 = true, int index = 2)
    {
        Identity = new CpuIdentity(new PartitionOptions(HasEl2: hasEl2, HasEl3: hasEl3), CpuIdentity.DefaultMpidr(index));
        System = new VcpuSystem(Identity, Counter, this);
    }

    public CpuIdentity Identity { get; }

    public ManualCounter Counter { get; } = new();

    public VcpuSystem System { get; }

    public CpuState Cpu { get; } = new();

    public SystemRegisterFile Registers => System.Registers;

    /// <summary>Addresses (8-byte aligned) the walker may not read: stage-2 holes.</summary>
    public HashSet<ulong> Holes { get; } = [];

    public bool TryReadDescriptor(ulong address, out ulong descriptor)
    {
        if (Holes.Contains(address))
        {
            descriptor = 0;
            return false;
        }

        descriptor = _memory.GetValueOrDefault(address);
        return true;
    }

    public void Store(ulong address, ulong descriptor) => _memory[address] = descriptor;

    public void Agent(SystemRegisterEncoding register, ulong value) => Registers.WriteForAgent(Cpu, register, value);

    public ulong AgentRead(SystemRegisterEncoding register) => Registers.ReadForAgent(Cpu, register);

    public SysRegAccess Read(SystemRegisterEncoding register, out ulong value) => Registers.Read(Cpu, register.Key, out value);

    public ulong ReadOk(SystemRegisterEncoding register)
    {
        Assert.Equal(SysRegAccess.Ok, Registers.Read(Cpu, register.Key, out ulong value));
        return value;
    }

    public SysRegAccess Write(SystemRegisterEncoding register, ulong value) => Registers.Write(Cpu, register.Key, value);

    public void WriteOk(SystemRegisterEncoding register, ulong value) =>
        Assert.Equal(SysRegAccess.Ok, Registers.Write(Cpu, register.Key, value));
}
