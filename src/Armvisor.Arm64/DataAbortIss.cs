namespace Armvisor.Arm64;

/// <summary>ISS encoding for a Data Abort exception (DDI0487 D24.2.40, "ISS encoding for an exception from a Data Abort").</summary>
public readonly record struct DataAbortIss(uint Value)
{
    /// <summary>ISV, bit [24]: bits [23:14] hold a valid instruction syndrome.</summary>
    public bool IsValid => (Value & (1u << 24)) != 0;

    /// <summary>SAS, bits [23:22]: access size.</summary>
    public AccessSize Size => (AccessSize)(1 << (int)((Value >> 22) & 3));

    /// <summary>SSE, bit [21]: the load sign-extends.</summary>
    public bool SignExtend => (Value & (1u << 21)) != 0;

    /// <summary>SRT, bits [20:16]: the transfer register (31 is XZR/WZR).</summary>
    public int Register => (int)((Value >> 16) & 0x1F);

    /// <summary>SF, bit [15]: the register is 64-bit.</summary>
    public bool Is64BitRegister => (Value & (1u << 15)) != 0;

    /// <summary>AR, bit [14]: acquire/release semantics.</summary>
    public bool AcquireRelease => (Value & (1u << 14)) != 0;

    /// <summary>S1PTW, bit [7]: fault on a stage-2 translation of a stage-1 table walk.</summary>
    public bool StageOneWalk => (Value & (1u << 7)) != 0;

    /// <summary>WnR, bit [6]: the access was a write.</summary>
    public bool IsWrite => (Value & (1u << 6)) != 0;

    /// <summary>DFSC, bits [5:0]: data fault status code.</summary>
    public FaultStatusCode StatusCode => (FaultStatusCode)(Value & 0x3F);

    /// <summary>Builds a valid-syndrome data-abort ISS.</summary>
    public static DataAbortIss Create(AccessSize size, int register, bool isWrite, bool signExtend, bool is64BitRegister,
        FaultStatusCode statusCode, bool acquireRelease = false) =>
        new((1u << 24) | ((uint)SizeLog2(size) << 22) | (signExtend ? 1u << 21 : 0) | ((uint)register << 16)
            | (is64BitRegister ? 1u << 15 : 0) | (acquireRelease ? 1u << 14 : 0) | (isWrite ? 1u << 6 : 0) | (uint)statusCode);

    private static int SizeLog2(AccessSize size) => size switch
    {
        AccessSize.Byte => 0,
        AccessSize.Halfword => 1,
        AccessSize.Word => 2,
        _ => 3,
    };
}
