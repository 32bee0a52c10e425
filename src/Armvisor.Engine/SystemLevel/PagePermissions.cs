namespace Armvisor.Engine.SystemLevel;

/// <summary>
/// What a stage-1 translation permits at EL0 and at EL1 before PAN (DDI0487 D8.4 "Memory access control"). A soft-TLB
/// entry can cache these and apply <see cref="TranslationWalker.Permits"/> on each access.
/// </summary>
[Flags]
public enum PagePermissions : byte
{
    None = 0,
    El0Read = 1 << 0,
    El0Write = 1 << 1,
    El0Execute = 1 << 2,
    El1Read = 1 << 3,
    El1Write = 1 << 4,
    El1Execute = 1 << 5,
    All = El0Read | El0Write | El0Execute | El1Read | El1Write | El1Execute,
}
