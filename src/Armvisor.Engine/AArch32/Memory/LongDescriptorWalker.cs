using Armvisor.Engine.SystemLevel;

namespace Armvisor.Engine.AArch32.Memory;

/// <summary>
/// The VMSAv8-32 long-descriptor (LPAE) stage-1 walk of the EL1&amp;0 regime (DDI0487 G5.4 "The VMSAv8-32
/// Long-descriptor translation table format"; DDI0406C B3.6; pseudocode AArch32.TranslationTableWalkLD): TTBR0 or
/// TTBR1 by TTBCR.T0SZ/T1SZ, a 4 KB granule with lookup from level 1 (1 GB blocks) or level 2 (2 MB blocks) down to
/// level-3 pages, 40-bit output addresses. The descriptors are VMSAv8-64's, so the table walk itself is
/// <see cref="TranslationWalker.WalkDescriptors"/>; what differs is the register layout and the permission model
/// (XN applies at PL1 and PL0, SCTLR.UWXN). Domains and DACR play no part (G5.4: "no domains with this format"), and
/// the access flag is always on. The result is a <see cref="TranslationResult"/>, checked per access with
/// <see cref="TranslationWalker.Permits"/> (no PAN: PSTATE.PAN is not implemented in AArch32).
/// </summary>
public sealed class LongDescriptorWalker
{
    /// <summary>Output addresses are 40 bits: descriptor bits [47:40] non-zero are an Address size fault.</summary>
    public const int OutputAddressBits = 40;

    private const ulong ApUnprivileged = 1UL << 6;   // AP[1]: PL0 access
    private const ulong ApReadOnly = 1UL << 7;       // AP[2]: read-only
    private const ulong NotGlobal = 1UL << 11;       // nG
    private const ulong PrivilegedExecuteNever = 1UL << 53; // PXN
    private const ulong ExecuteNever = 1UL << 54;    // XN
    private const ulong PxnTable = 1UL << 59;
    private const ulong XnTable = 1UL << 60;
    private const ulong ApTableNoPl0 = 1UL << 61;    // APTable[0]
    private const ulong ApTableReadOnly = 1UL << 62; // APTable[1]

    private readonly IPageTableReader _reader;

    public LongDescriptorWalker(IPageTableReader reader) => _reader = reader;

    /// <summary>Walks the tables for <paramref name="va"/> with stage 1 enabled (SCTLR.M = 1, TTBCR.EAE = 1).</summary>
    public TranslationResult Walk(uint va, in LongDescriptorRegisters regs)
    {
        // TTBR0 when T0SZ = 0 or VA[31:32-T0SZ] = 0; TTBR1 (taking precedence) when T1SZ = 0 and TTBR0 did not
        // match, or VA[31:32-T1SZ] all ones; neither is a level-1 translation fault (DDI0487 G5.4.x, "Selecting
        // between TTBR0 and TTBR1"; DDI0406C B3.6.4).
        int t0 = regs.T0Size, t1 = regs.T1Size;
        bool found = t0 == 0 || (va >> (32 - t0)) == 0;
        bool useTtbr1 = (t1 == 0 && !found) || (t1 > 0 && (va >> (32 - t1)) == (1u << t1) - 1);
        if ((!found && !useTtbr1) || (useTtbr1 ? regs.WalkDisabled1 : regs.WalkDisabled0))
        {
            return TranslationResult.Faulted(TranslationFault.Translation, 1);
        }

        // The lookup starts at level 1 for an input of 31 or 32 bits (TxSZ 0 or 1), else at level 2; the first
        // table is 2^(inputsize - 30 + 3) or 2^(inputsize - 21 + 3) bytes, aligned to its size (BADDR[39:x]).
        int inputBits = 32 - (useTtbr1 ? t1 : t0);
        int level = inputBits > 30 ? 1 : 2;
        int startIndexBits = inputBits - (12 + (9 * (3 - level)));
        ulong ttbr = useTtbr1 ? regs.Ttbr1 : regs.Ttbr0;
        ulong baseAddress = ttbr & 0x0000_00FF_FFFF_FFFF & ~((1UL << (startIndexBits + 3)) - 1);
        DescriptorWalk walk = TranslationWalker.WalkDescriptors(_reader, va, baseAddress, level, startIndexBits, OutputAddressBits);
        if (walk.Fault != TranslationFault.None)
        {
            return TranslationResult.Faulted(walk.Fault, walk.Level, walk.Fault == TranslationFault.Stage2OnWalk ? walk.WalkAddress : 0);
        }

        ulong descriptor = walk.Descriptor;
        ulong outputAddress = (descriptor & walk.OutputMask) | (va & ((1UL << walk.Shift) - 1));
        ulong asidTtbr = regs.AsidFromTtbr1 ? regs.Ttbr1 : regs.Ttbr0;
        byte attributes = (byte)(regs.Mair >> ((int)((descriptor >> 2) & 7) * 8)); // AttrIndx[2:0] into MAIR0/MAIR1
        return new TranslationResult(TranslationFault.None, walk.Level, outputAddress, walk.Shift,
            Permissions(descriptor, walk.Inherited, regs), (descriptor & NotGlobal) == 0, (byte)(asidTtbr >> 48), attributes,
            (byte)((descriptor >> 8) & 3));
    }

    /// <summary>
    /// AP[2:1] limited by APTable, XN/PXN by XNTable/PXNTable (G5.4.x "Hierarchical control of access permissions"),
    /// then the execute-never rules of AArch32.CheckPermission: XN for both levels, PXN for PL1, SCTLR.WXN for
    /// writable memory, SCTLR.UWXN for PL1 execution of memory PL0 can write (G5.7.x "Execute-never restrictions").
    /// </summary>
    private static PagePermissions Permissions(ulong descriptor, ulong inherited, in LongDescriptorRegisters regs)
    {
        bool readOnly = (descriptor & ApReadOnly) != 0 || (inherited & ApTableReadOnly) != 0;
        bool userRead = (descriptor & ApUnprivileged) != 0 && (inherited & ApTableNoPl0) == 0;
        bool userWrite = userRead && !readOnly;
        bool privWrite = !readOnly;
        bool xn = (descriptor & ExecuteNever) != 0 || (inherited & XnTable) != 0;
        bool pxn = (descriptor & PrivilegedExecuteNever) != 0 || (inherited & PxnTable) != 0;
        bool wxn = regs.WriteExecuteNever;

        PagePermissions permissions = PagePermissions.El1Read;
        permissions |= privWrite ? PagePermissions.El1Write : 0;
        permissions |= !xn && !pxn && !(privWrite && wxn) && !(userWrite && regs.UnprivilegedWriteExecuteNever)
            ? PagePermissions.El1Execute : 0;
        permissions |= userRead ? PagePermissions.El0Read : 0;
        permissions |= userWrite ? PagePermissions.El0Write : 0;
        permissions |= userRead && !xn && !(userWrite && wxn) ? PagePermissions.El0Execute : 0;
        return permissions;
    }
}
