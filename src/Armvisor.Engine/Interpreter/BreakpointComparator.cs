namespace Armvisor.Engine.Interpreter;

/// <summary>
/// One enabled guest breakpoint (DBGBCR&lt;n&gt;_EL1.E = 1, BT = 0b0000 unlinked instruction address match): the
/// instruction address it matches and the ELs it matches at (DBGBCR.PMC with SSC/HMC, DDI0487 D2.8).
/// </summary>
internal readonly record struct BreakpointComparator(ulong Address, bool El0, bool El1);
