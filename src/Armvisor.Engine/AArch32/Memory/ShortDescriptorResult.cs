namespace Armvisor.Engine.AArch32.Memory;

/// <summary>
/// The outcome of a short-descriptor walk for one VA (DDI0487 G5.5), before the access is checked: either a fault
/// found during the walk (translation, external abort on the walk, stage-2 fault on the walk, domain "no access") with
/// its level and domain, or the output address and the attributes the permission check needs.
/// </summary>
public readonly record struct ShortDescriptorResult(
    ShortDescriptorFault Fault,
    int Level,
    uint Domain,
    ulong OutputAddress,
    uint AccessPermissions,
    bool ExecuteNever,
    bool PrivilegedExecuteNever,
    bool Manager,
    bool Device,
    ulong WalkAddress)
{
    public bool IsFault => Fault != ShortDescriptorFault.None;
}
