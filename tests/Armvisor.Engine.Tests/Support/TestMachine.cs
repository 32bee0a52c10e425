using Armvisor.Arm64;
using Armvisor.Engine.Interpreter;
using Armvisor.Memory;

namespace Armvisor.Engine.Tests.Support;

/// <summary>
/// One partition with 2 MiB of RAM at 0x4000_0000 (code at <see cref="CodeBase"/>, data at <see cref="DataBase"/>) and one
/// vCPU at EL1 with FP enabled. Programs normally end with <c>HVC #0</c>, which leaves Run as an EL2 exit.
/// </summary>
public sealed class TestMachine : IDisposable
{
    public const ulong RamBase = 0x4000_0000;
    public const ulong RamSize = 0x20_0000;
    public const ulong CodeBase = 0x4000_0000;
    public const ulong DataBase = 0x4010_0000;
    public const ulong VectorBase = 0x4008_0000;

    private static readonly SystemRegisterEncoding CpacrEl1 = new(3, 0, 1, 0, 2);
    private static readonly SystemRegisterEncoding VbarEl1 = new(3, 0, 12, 0, 0);

    /// <param name="options">Partition options (default: EL2 and EL3 agents present).</param>
    /// <param name="vcpus">Number of vCPUs.</param>
    /// <param name="smcVectors">Vector entries use SMC instead of HVC (for tests where HVC is UNDEFINED).</param>
    /// <param name="compileThreshold">Block executions before the compiled tier takes over (null: the engine default; 0: never).</param>
    /// <param name="nativeThreshold">Block executions before the native x86-64 tier translates a block (null: the tier is off).</param>
    public TestMachine(PartitionOptions? options = null, int vcpus = 1, bool smcVectors = false, int? compileThreshold = null, int? nativeThreshold = null)
    {
        Partition = new InterpreterPartition(options ?? new PartitionOptions());
        if (compileThreshold is { } threshold)
        {
            // A test that sets the compile threshold compares the compiled tier (0: the interpreter alone) with others.
            Partition.Tier = EngineTier.Compiled;
            Partition.CompileThreshold = threshold;
            Partition.CompileInBackground = false;
        }

        if (nativeThreshold is { } native)
        {
            Partition.Tier = EngineTier.Native;
            Partition.NativeThreshold = native;
        }

        Ram = new GuestRam(new GuestPhysicalAddress(RamBase), RamSize);
        Partition.MapRam(Ram, Stage2Permissions.All);
        Vcpus = new IVcpuEngine[vcpus];
        for (int i = 0; i < vcpus; i++)
        {
            Vcpus[i] = Partition.CreateVcpu(i, (ulong)i);
            Vcpus[i].SetSystemRegister(CpacrEl1, 3UL << 20);
            Vcpus[i].SetSystemRegister(VbarEl1, VectorBase);
            Vcpus[i].SetRegister(Arm64Register.Pc, CodeBase);
        }

        // Each EL1 vector entry is HVC #(0x100 + slot) so tests see which vector was taken.
        for (int slot = 0; slot < 16; slot++)
        {
            uint entry = smcVectors ? Asm.Smc((ushort)(0x100 + slot)) : Asm.Hvc((ushort)(0x100 + slot));
            Ram.Write(new GuestPhysicalAddress(VectorBase + ((ulong)slot * 0x80)), entry);
        }
    }

    public InterpreterPartition Partition { get; }

    public GuestRam Ram { get; }

    public IVcpuEngine[] Vcpus { get; }

    public IVcpuEngine Cpu => Vcpus[0];

    /// <summary>Writes <paramref name="code"/> at <paramref name="address"/> (default: the code base).</summary>
    public void Load(uint[] code, ulong address = CodeBase)
    {
        for (int i = 0; i < code.Length; i++)
        {
            Ram.Write(new GuestPhysicalAddress(address + ((ulong)i * 4)), code[i]);
        }

        Partition.InvalidateCode(new AddressRange(new GuestPhysicalAddress(address), (ulong)code.Length * 4));
    }

    /// <summary>Loads and runs a program from the code base until the first exit.</summary>
    public EngineExit Run(params uint[] code)
    {
        Load(code);
        Cpu.SetRegister(Arm64Register.Pc, CodeBase);
        return Cpu.Run();
    }

    public ulong X(int n) => Cpu.GetRegister(Arm64Register.X0 + n);

    public void SetX(int n, ulong value) => Cpu.SetRegister(Arm64Register.X0 + n, value);

    public uint Nzcv => (uint)Cpu.GetRegister(Arm64Register.Cpsr) & 0xF000_0000;

    public ulong Pc => Cpu.GetRegister(Arm64Register.Pc);

    public ulong SysReg(byte op0, byte op1, byte crn, byte crm, byte op2) => Cpu.GetSystemRegister(new SystemRegisterEncoding(op0, op1, crn, crm, op2));

    public void SetSysReg(byte op0, byte op1, byte crn, byte crm, byte op2, ulong value) =>
        Cpu.SetSystemRegister(new SystemRegisterEncoding(op0, op1, crn, crm, op2), value);

    /// <summary>ESR_EL1.</summary>
    public ulong EsrEl1 => SysReg(3, 0, 5, 2, 0);

    public ulong ElrEl1 => SysReg(3, 0, 4, 0, 1);

    public ulong FarEl1 => SysReg(3, 0, 6, 0, 0);

    /// <summary>The vector slot of an exit made by a vector entry's HVC or SMC (0..15), or -1 for another exit.</summary>
    public static int VectorSlot(EngineExit exit) =>
        exit.Reason == EngineExitReason.Exception && exit.Syndrome.Class is ExceptionClass.Hvc64 or ExceptionClass.Smc64
        && exit.Syndrome.Iss >= 0x100
            ? (int)exit.Syndrome.Iss - 0x100
            : -1;

    public void Dispose()
    {
        Partition.Dispose();
        Ram.Dispose();
    }
}
