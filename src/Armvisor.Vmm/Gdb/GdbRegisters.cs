using System.Buffers.Binary;
using Armvisor.Engine;

namespace Armvisor.Vmm.Gdb;

/// <summary>
/// gdb's AArch64 register numbering (the order of target.xml): 0-30 x0-x30, 31 sp, 32 pc, 33 cpsr (32 bits), 34-65
/// v0-v31 (128 bits), 66 fpsr, 67 fpcr (32 bits). Values travel as little-endian bytes in hex (GDB manual E.4 'g').
/// </summary>
internal static class GdbRegisters
{
    public const int Count = 68;
    public const int Sp = 31;
    public const int Pc = 32;
    public const int Cpsr = 33;
    public const int FirstVector = 34;
    public const int Fpsr = 66;
    public const int Fpcr = 67;

    /// <summary>Size of register <paramref name="number"/> in bytes; 0 if there is no such register.</summary>
    public static int SizeOf(int number) => number switch
    {
        >= 0 and <= Pc => 8,
        Cpsr or Fpsr or Fpcr => 4,
        >= FirstVector and < Fpsr => 16,
        _ => 0,
    };

    /// <summary>Register <paramref name="number"/> of <paramref name="engine"/> (zeros for a vCPU that has no engine yet).</summary>
    public static byte[] Read(IVcpuEngine? engine, int number)
    {
        byte[] bytes = new byte[SizeOf(number)];
        if (engine is null)
        {
            return bytes;
        }

        switch (number)
        {
            case >= FirstVector and < Fpsr:
                BinaryPrimitives.WriteUInt128LittleEndian(bytes, engine.GetVectorRegister(number - FirstVector));
                break;
            case Cpsr or Fpsr or Fpcr:
                BinaryPrimitives.WriteUInt32LittleEndian(bytes, (uint)engine.GetRegister(CoreRegister(number)));
                break;
            default:
                BinaryPrimitives.WriteUInt64LittleEndian(bytes, engine.GetRegister(CoreRegister(number)));
                break;
        }

        return bytes;
    }

    /// <summary>Writes register <paramref name="number"/>; false if the engine refuses the value (e.g. a CPSR naming EL2).</summary>
    public static bool Write(IVcpuEngine? engine, int number, ReadOnlySpan<byte> bytes)
    {
        if (engine is null || bytes.Length != SizeOf(number))
        {
            return false;
        }

        try
        {
            switch (number)
            {
                case >= FirstVector and < Fpsr:
                    engine.SetVectorRegister(number - FirstVector, BinaryPrimitives.ReadUInt128LittleEndian(bytes));
                    break;
                case Cpsr or Fpsr or Fpcr:
                    engine.SetRegister(CoreRegister(number), BinaryPrimitives.ReadUInt32LittleEndian(bytes));
                    break;
                default:
                    engine.SetRegister(CoreRegister(number), BinaryPrimitives.ReadUInt64LittleEndian(bytes));
                    break;
            }
        }
        catch (EngineException)
        {
            return false;
        }

        return true;
    }

    private static Arm64Register CoreRegister(int number) => number switch
    {
        <= 30 => Arm64Register.X0 + number,
        Sp => Arm64Register.Sp,
        Pc => Arm64Register.Pc,
        Cpsr => Arm64Register.Cpsr,
        Fpsr => Arm64Register.Fpsr,
        _ => Arm64Register.Fpcr,
    };
}
