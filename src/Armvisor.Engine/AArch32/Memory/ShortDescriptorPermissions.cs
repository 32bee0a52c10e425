namespace Armvisor.Engine.AArch32.Memory;

/// <summary>
/// Access permissions of a short-descriptor translation (DDI0487 G5.7.x "Memory access control"; DDI0406C B3.7): the
/// full AP[2:0] model, or with SCTLR.AFE the simplified AP[2:1] model where AP[0] is the access flag; a manager domain
/// is not checked (no XN either); XN forbids execution, PXN execution at PL1.
/// </summary>
public static class ShortDescriptorPermissions
{
    /// <summary>Readable, writable and executable for PL1 or PL0 (<paramref name="unprivileged"/>).</summary>
    public static (bool Read, bool Write, bool Execute) Evaluate(in ShortDescriptorResult walk, bool accessFlagEnabled, bool unprivileged)
    {
        if (walk.Manager)
        {
            return (true, true, true);
        }

        uint ap = walk.AccessPermissions;
        bool read, write;
        if (accessFlagEnabled)
        {
            // AP[2:1]: 00 PL1 RW; 01 RW at both; 10 PL1 RO; 11 RO at both.
            uint simple = ap >> 1;
            read = !unprivileged || (simple & 1) != 0;
            write = (simple & 2) == 0 && read;
        }
        else
        {
            (read, write) = ap switch
            {
                0b001 => (!unprivileged, !unprivileged),
                0b010 => (true, !unprivileged),
                0b011 => (true, true),
                0b101 => (!unprivileged, false),
                0b110 or 0b111 => (true, false),
                _ => (false, false),
            };
        }

        bool execute = read && !walk.ExecuteNever && (unprivileged || !walk.PrivilegedExecuteNever);
        return (read, write, execute);
    }
}
