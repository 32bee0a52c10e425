using Armvisor.Arm64;
using Armvisor.Engine.Tests.Support;
using static Armvisor.Engine.Tests.Support.Asm;

namespace Armvisor.Engine.Tests.Simd;

/// <summary>Runs one FP/SIMD instruction with V1..V3, X1 and FPCR set, and exposes V0, X0, FPSR and NZCV afterwards.</summary>
public sealed class FpMachine : IDisposable
{
    public const uint Ioc = 1, Dzc = 2, Ofc = 4, Ufc = 8, Ixc = 16, Idc = 128, Qc = 1u << 27;
    public const uint RoundPlus = 1u << 22, RoundMinus = 2u << 22, RoundZero = 3u << 22, FlushToZero = 1u << 24, DefaultNaN = 1u << 25;

    public TestMachine Machine { get; } = new();

    public FpMachine Run(uint instruction, UInt128 v1 = default, UInt128 v2 = default, UInt128 v3 = default, uint fpcr = 0, ulong x1 = 0, UInt128 v0 = default)
    {
        Machine.Cpu.SetVectorRegister(0, v0);
        Machine.Cpu.SetVectorRegister(1, v1);
        Machine.Cpu.SetVectorRegister(2, v2);
        Machine.Cpu.SetVectorRegister(3, v3);
        Machine.Cpu.SetRegister(Arm64Register.Fpcr, fpcr);
        Machine.Cpu.SetRegister(Arm64Register.Fpsr, 0);
        Machine.SetX(1, x1);
        Exit = Machine.Run(instruction, Hvc(0));
        return this;
    }

    public EngineExit Exit { get; private set; }

    public UInt128 V0 => Machine.Cpu.GetVectorRegister(0);

    /// <summary>The low doubleword of V0 (the scalar result; the tests also check the rest is zero where it matters).</summary>
    public ulong D0 => (ulong)V0;

    public ulong X0 => Machine.X(0);

    public uint Fpsr => (uint)Machine.Cpu.GetRegister(Arm64Register.Fpsr);

    public uint Nzcv => Machine.Nzcv;

    public static UInt128 V(ulong high, ulong low) => new(high, low);

    public void Dispose() => Machine.Dispose();
}
