namespace Armvisor.Arm64;

/// <summary>Size of a memory access in bytes, in Arm terms (Doubleword is 64-bit).</summary>
public enum AccessSize : byte
{
    Byte = 1,
    Halfword = 2,
    Word = 4,
    Doubleword = 8,
}
