namespace Armvisor.Engine.AArch32.Memory;

/// <summary>What a shadow-faulting access was.</summary>
public enum ShadowAccess : byte
{
    Read,
    Write,
    Execute,
}
