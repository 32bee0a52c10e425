namespace Armvisor.Arm64;

/// <summary>
/// ESR_ELx, the Exception Syndrome Register (DDI0487 D24.2.40 ESR_EL1/ESR_EL2). The one place where
/// the syndrome's fields are cut out of the raw value.
/// </summary>
public readonly record struct ExceptionSyndrome(ulong Value)
{
    /// <summary>EC, bits [31:26].</summary>
    public ExceptionClass Class => (ExceptionClass)((Value >> 26) & 0x3F);

    /// <summary>IL, bit [25]: 1 for a 32-bit instruction.</summary>
    public bool IsInstruction32Bit => (Value & (1UL << 25)) != 0;

    /// <summary>ISS, bits [24:0].</summary>
    public uint Iss => (uint)(Value & 0x1FF_FFFF);

    /// <summary>The trapped instruction's length in bytes, from IL.</summary>
    public int InstructionLength => IsInstruction32Bit ? 4 : 2;

    /// <summary>ISS of a data abort (valid when <see cref="Class"/> is a data abort).</summary>
    public DataAbortIss DataAbort => new(Iss);

    /// <summary>ISS of a trapped MSR/MRS/system instruction (EC 0x18).</summary>
    public SysRegIss SysReg => new(Iss);

    /// <summary>ISS of a trapped WFI/WFE (EC 0x01).</summary>
    public WfxIss Wfx => new(Iss);

    /// <summary>Builds a syndrome from its fields.</summary>
    public static ExceptionSyndrome Create(ExceptionClass exceptionClass, uint iss, bool instruction32Bit = true) =>
        new(((ulong)exceptionClass << 26) | (instruction32Bit ? 1UL << 25 : 0) | (iss & 0x1FF_FFFF));

    public override string ToString() => $"ESR 0x{Value:X8} (EC {Class} 0x{(byte)Class:X2}, ISS 0x{Iss:X7})";
}
