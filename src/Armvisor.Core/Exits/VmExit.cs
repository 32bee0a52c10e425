namespace Armvisor.Core;

/// <summary>
/// An event the hypervisor core hands to the VMM (the KVM side of the boundary, docs/exits.md). The set is closed:
/// only this assembly defines exits, and the VMM's run loop switches over all of them.
/// </summary>
public abstract record VmExit
{
    private protected VmExit() { }
}
