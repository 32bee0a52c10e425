namespace Armvisor.Devices.Registers;

/// <summary>How a register field responds to reads and writes.</summary>
public enum FieldMode
{
    /// <summary>Reads return the stored (or provided) value; writes store it.</summary>
    ReadWrite,

    /// <summary>Reads return the stored (or provided) value; writes are ignored (WI).</summary>
    ReadOnly,

    /// <summary>Reads as zero (RAZ); writes are passed to the write callback.</summary>
    WriteOnly,

    /// <summary>Writing 1 to a bit clears it; writing 0 has no effect (W1C).</summary>
    WriteOneToClear,

    /// <summary>Writing 1 to a bit sets it; writing 0 has no effect (W1S).</summary>
    WriteOneToSet,
}
