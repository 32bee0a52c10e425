using Armvisor.Arm64;
using Armvisor.Engine.Tests.Support;
using Armvisor.Memory;

namespace Armvisor.Engine.Tests.AArch32;

/// <summary>
/// A <see cref="TestMachine"/> whose vCPU runs AArch32 EL1 (HCR_EL2.RW = 0, SVC mode, A/I/F masked, MMU off). VBAR
/// points at <see cref="TestMachine.VectorBase"/>, whose eight A32 vector entries are <c>HVC #(0x100 + slot)</c> so a
/// test sees which exception was taken; programs end with <c>HVC #0</c>.
/// </summary>
public sealed class A32Machine : IDisposable
{
    public const uint Hvc0 = 0xE140_0070;
    public const ulong CpsrSvc = 0x1D3;

    private static readonly SystemRegisterEncoding HcrEl2 = new(3, 4, 1, 1, 0);
    private static readonly SystemRegisterEncoding SctlrEl1 = new(3, 0, 1, 0, 0);
    private static readonly SystemRegisterEncoding VbarEl1 = new(3, 0, 12, 0, 0);

    public A32Machine(ulong hcr = 0, PartitionOptions? options = null)
    {
        Machine = new TestMachine(options);
        Cpu.SetSystemRegister(HcrEl2, hcr);
        Cpu.SetRegister(Arm64Register.Cpsr, CpsrSvc);
        Cpu.SetSystemRegister(SctlrEl1, 0x00C5_0078);
        for (uint slot = 0; slot < 8; slot++)
        {
            Machine.Ram.Write(new GuestPhysicalAddress(TestMachine.VectorBase + (slot * 4)), Hvc(0x100 + slot));
        }
    }

    public TestMachine Machine { get; }

    public IVcpuEngine Cpu => Machine.Cpu;

    /// <summary>HVC #imm16 (A32: cond 0001 0100 imm12 0111 imm4).</summary>
    public static uint Hvc(uint imm16) => 0xE140_0070 | ((imm16 >> 4) << 8) | (imm16 & 0xF);

    /// <summary>Runs <paramref name="code"/> from the code base until the first exit.</summary>
    public EngineExit Run(params uint[] code)
    {
        Machine.Load(code);
        Cpu.SetRegister(Arm64Register.Pc, TestMachine.CodeBase);
        return Cpu.Run();
    }

    /// <summary>R0..R14 of the current mode read through the AArch64 view: only usr/svc mapping is used by tests.</summary>
    public uint X(int n) => (uint)Cpu.GetRegister(Arm64Register.X0 + n);

    public void SetX(int n, ulong value) => Cpu.SetRegister(Arm64Register.X0 + n, value);

    public uint Cpsr => (uint)Cpu.GetRegister(Arm64Register.Cpsr);

    public uint Pc => (uint)Cpu.GetRegister(Arm64Register.Pc);

    /// <summary>The A32 vector slot (0..7) whose HVC made this exit, or -1.</summary>
    public static int VectorSlot(EngineExit exit) =>
        exit.Syndrome.Class == ExceptionClass.Hvc32 && exit.Syndrome.Iss is >= 0x100 and < 0x108 ? (int)exit.Syndrome.Iss - 0x100 : -1;

    /// <summary>
    /// A random-instruction case's AArch32 state (A32FuzzTests, T32FuzzTests): the eight vectors as HVC #(0x100 + slot),
    /// <paramref name="cpsr"/>, the MMU off, PC at <paramref name="pc"/>, and random registers, a quarter each pointing
    /// (aligned or not) into the data area, random words and small numbers; the banked SPs point into the data area.
    /// </summary>
    public static void PrepareRandomCase(TestMachine m, IVcpuEngine cpu, Random random, ulong cpsr, ulong pc)
    {
        for (uint v = 0; v < 8; v++)
        {
            m.Ram.Write(new GuestPhysicalAddress(TestMachine.VectorBase + (v * 4)), Hvc(0x100 + v));
        }

        cpu.SetRegister(Arm64Register.Cpsr, cpsr);
        cpu.SetSystemRegister(SctlrEl1, 0x00C5_0078);
        cpu.SetSystemRegister(VbarEl1, TestMachine.VectorBase);
        cpu.SetRegister(Arm64Register.Pc, pc);
        for (int r = 0; r < 31; r++)
        {
            ulong value = (r % 4) switch
            {
                0 => TestMachine.DataBase + ((ulong)random.Next(0, 0x1_0000) & ~7UL),
                1 => TestMachine.DataBase + (ulong)random.Next(0, 0x1_0000),
                2 => (uint)random.NextInt64(0, 1L << 32),
                _ => (ulong)random.Next(0, 64),
            };
            cpu.SetRegister(Arm64Register.X0 + r, value);
        }

        // SP_usr, SP_irq, SP_svc, SP_abt, SP_und and SP_fiq are X13, X17, X19, X21, X23 and X29 in the AArch64 view.
        foreach (int sp in (int[])[13, 17, 19, 21, 23, 29])
        {
            cpu.SetRegister(Arm64Register.X0 + sp, TestMachine.DataBase + 0x8000 + ((ulong)sp * 0x100));
        }
    }

    public void Dispose() => Machine.Dispose();
}
