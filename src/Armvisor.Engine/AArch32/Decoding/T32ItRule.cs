namespace Armvisor.Engine.AArch32.Decoding;

/// <summary>What a T32 row allows inside an IT block; anything else is UNPREDICTABLE there, UNDEFINED in this engine.</summary>
public enum T32ItRule : byte
{
    /// <summary>Executes conditionally on the IT block's condition.</summary>
    Anywhere = 0,

    /// <summary>Outside an IT block only (IT, CBZ/CBNZ, conditional B, CPS, HVC...).</summary>
    OutsideItBlock = 1,

    /// <summary>Outside, or as the last instruction of, an IT block (branches and other writes of the PC).</summary>
    OutsideOrLast = 2,
}
