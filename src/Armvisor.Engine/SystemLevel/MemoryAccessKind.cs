namespace Armvisor.Engine.SystemLevel;

/// <summary>The kind of access a translation is checked for.</summary>
public enum MemoryAccessKind : byte
{
    Read,
    Write,
    Execute,
}
