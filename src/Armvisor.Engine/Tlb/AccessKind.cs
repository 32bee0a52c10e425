namespace Armvisor.Engine.Tlb;

/// <summary>What a translation is for; selects the permission checked and the abort's EC (instruction or data).</summary>
internal enum AccessKind : byte
{
    Read,
    Write,
    Execute,
}
