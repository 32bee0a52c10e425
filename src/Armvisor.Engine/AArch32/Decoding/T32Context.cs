namespace Armvisor.Engine.AArch32.Decoding;

/// <summary>
/// Where a T32 instruction stands relative to an IT block (DDI0487 F1.2.2, "Conditional execution" and the IT
/// instruction's restrictions): some encodings are only allowed outside one, branches only as its last instruction,
/// and the 16-bit data-processing encodings set the flags only outside one.
/// </summary>
public enum T32Context : byte
{
    OutsideItBlock = 0,
    InItBlock = 1,
    LastInItBlock = 2,
}
