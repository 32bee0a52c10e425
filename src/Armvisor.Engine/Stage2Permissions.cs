namespace Armvisor.Engine;

/// <summary>Stage-2 access permissions of a mapping (HVF's <c>hv_memory_flags_t</c>; DDI0487 D8.4, S2AP and XN).</summary>
[Flags]
public enum Stage2Permissions : byte
{
    None = 0,
    Read = 1,
    Write = 2,
    Execute = 4,
    All = Read | Write | Execute,
}
