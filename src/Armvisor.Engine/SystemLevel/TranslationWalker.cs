using Armvisor.Engine.Interpreter;

namespace Armvisor.Engine.SystemLevel;

/// <summary>
/// VMSAv8-64 stage-1 translation for the EL1&amp;0 regime with the 4 KB granule (DDI0487 D8.1-D8.4; pseudocode
/// AArch64.TranslateAddressS1Off and AArch64.S1Walk). <see cref="Walk"/> does not depend on the access, so a soft TLB
/// can cache its result and check each access with <see cref="Permits"/>.
/// </summary>
public sealed partial class TranslationWalker
{
    private const int PageShift = 12;
    private const int BitsPerLevel = 9;
    private const ulong OutputAddressMask = 0x0000_FFFF_FFFF_F000;
    private const ulong DescriptorValid = 1UL << 0;
    private const ulong DescriptorTableOrPage = 1UL << 1;
    private const ulong DescriptorAccessFlag = 1UL << 10;
    private const ulong DescriptorNotGlobal = 1UL << 11;
    private const ulong DescriptorPxn = 1UL << 53;
    private const ulong DescriptorUxn = 1UL << 54;
    private const ulong TablePxn = 1UL << 59;
    private const ulong TableUxn = 1UL << 60;
    private const ulong TableNoEl0 = 1UL << 61;
    private const ulong TableReadOnly = 1UL << 62;
    private const ulong ApEl0 = 1UL << 6;
    private const ulong ApReadOnly = 1UL << 7;

    /// <summary>MAIR attribute bytes used when stage 1 is off: Device-nGnRnE, Normal inner/outer write-back, Normal non-cacheable.</summary>
    private const byte DeviceNgnrne = 0x00;
    private const byte NormalWriteBack = 0xFF;
    private const byte NormalNonCacheable = 0x44;

    private readonly SystemRegisterFile _registers;
    private readonly IPageTableReader _reader;

    public TranslationWalker(SystemRegisterFile registers, IPageTableReader reader)
    {
        ArgumentNullException.ThrowIfNull(registers);
        ArgumentNullException.ThrowIfNull(reader);
        _registers = registers;
        _reader = reader;
    }

    /// <summary>
    /// Whether a translation permits an access (DDI0487 D8.4.1, pseudocode AArch64.S1DirectBasePermissions/CheckPermission
    /// for ARMv8.0 with FEAT_PAN). <paramref name="unprivileged"/> is true at EL0 and for LDTR/STTR at EL1;
    /// <paramref name="pan"/> is PSTATE.PAN for a privileged data access (not for AT S1E1R/W, which ignore PAN).
    /// </summary>
    public static bool Permits(PagePermissions permissions, MemoryAccessKind access, bool unprivileged, bool pan)
    {
        if (unprivileged)
        {
            return access switch
            {
                MemoryAccessKind.Read => (permissions & PagePermissions.El0Read) != 0,
                MemoryAccessKind.Write => (permissions & PagePermissions.El0Write) != 0,
                _ => (permissions & PagePermissions.El0Execute) != 0,
            };
        }

        if (access == MemoryAccessKind.Execute)
        {
            return (permissions & PagePermissions.El1Execute) != 0;
        }

        // PAN: a privileged data access to memory EL0 can access faults (DDI0487 D8.4.2 "Privileged access never").
        if (pan && (permissions & PagePermissions.El0Read) != 0)
        {
            return false;
        }

        return (permissions & (access == MemoryAccessKind.Write ? PagePermissions.El1Write : PagePermissions.El1Read)) != 0;
    }

    /// <summary>Translates <paramref name="virtualAddress"/> for an access from the PE's current state and checks permissions.</summary>
    /// <param name="cpu">PSTATE.EL and PSTATE.PAN.</param>
    /// <param name="virtualAddress">The VA (tag byte included).</param>
    /// <param name="access">Read, write or instruction fetch.</param>
    /// <param name="unprivilegedInstruction">LDTR/STTR and friends: EL1 accesses checked with EL0 permissions and without PAN.</param>
    public TranslationResult Translate(CpuState cpu, ulong virtualAddress, MemoryAccessKind access, bool unprivilegedInstruction = false)
    {
        ArgumentNullException.ThrowIfNull(cpu);
        bool unprivileged = cpu.CurrentEl == 0 || unprivilegedInstruction;
        bool pan = cpu.Pan && !unprivileged && access != MemoryAccessKind.Execute;
        return Check(Walk(virtualAddress, access == MemoryAccessKind.Execute), access, unprivileged, pan);
    }

    /// <summary>Turns a successful walk into a permission fault when it does not permit the access.</summary>
    public static TranslationResult Check(TranslationResult walk, MemoryAccessKind access, bool unprivileged, bool pan) =>
        walk.IsFault || Permits(walk.Permissions, access, unprivileged, pan)
            ? walk
            : walk with { Fault = TranslationFault.Permission };

    /// <summary>
    /// Walks the EL1&amp;0 stage-1 tables for <paramref name="virtualAddress"/>: translation, address-size and access-flag
    /// faults, or the output address with its permissions and attributes.
    /// </summary>
    /// <param name="virtualAddress">The VA (tag byte included).</param>
    /// <param name="instructionFetch">Only matters with stage 1 off: instruction fetches are Normal memory, data Device-nGnRnE.</param>
    public TranslationResult Walk(ulong virtualAddress, bool instructionFetch = false)
    {
        ulong tcr = _registers.Tcr;
        ulong hcr = _registers.Hcr;
        int outputBits = OutputAddressBits(tcr);
        bool upper = ((virtualAddress >> 55) & 1) != 0;
        bool topByteIgnored = (tcr & (upper ? TcrBits.Tbi1 : TcrBits.Tbi0)) != 0;
        int top = topByteIgnored ? 55 : 63;

        // HCR_EL2.DC makes stage 1 behave as disabled with Normal write-back memory (DDI0487 D24.2.48).
        if ((_registers.Sctlr & SctlrBits.M) == 0 || (hcr & HcrBits.Dc) != 0)
        {
            return WalkDisabled(virtualAddress, top, instructionFetch, (hcr & HcrBits.Dc) != 0);
        }

        int txsz = (int)((tcr >> (upper ? TcrBits.T1szShift : TcrBits.T0szShift)) & 0x3F);
        // TxSZ outside 16..39 is CONSTRAINED UNPREDICTABLE in ARMv8.0; it is treated as the nearest valid value.
        int inputBits = 64 - Math.Clamp(txsz, 16, 39);
        ulong rangeBits = Bits(virtualAddress, top, inputBits);
        ulong expected = upper ? (1UL << (top - inputBits + 1)) - 1 : 0;
        if (rangeBits != expected || (tcr & (upper ? TcrBits.Epd1 : TcrBits.Epd0)) != 0)
        {
            return TranslationResult.Faulted(TranslationFault.Translation, 0);
        }

        ulong ttbr = upper ? _registers.Ttbr1 : _registers.Ttbr0;
        ulong asidTtbr = (tcr & TcrBits.A1) != 0 ? _registers.Ttbr1 : _registers.Ttbr0;
        ushort asid = (ushort)((tcr & TcrBits.As) != 0 ? asidTtbr >> 48 : (asidTtbr >> 48) & 0xFF);

        // Start level from the input size: each level resolves 9 bits above the 12-bit page offset (DDI0487 D8.2.5).
        int levels = (inputBits - PageShift + BitsPerLevel - 1) / BitsPerLevel;
        int level = 4 - levels;
        int startIndexBits = inputBits - (PageShift + (BitsPerLevel * (3 - level)));
        // BADDR[47:x] with x = log2(table size); lower bits are RES0 and treated as zero (DDI0487 D24.2.142 TTBR0_EL1).
        ulong baseAddress = ttbr & 0x0000_FFFF_FFFF_FFFE & ~((1UL << (startIndexBits + 3)) - 1);
        if (Bits(baseAddress, 47, outputBits) != 0)
        {
            // An out-of-range table base is an Address size fault at level 0 (pseudocode AArch64.S1Walk).
            return TranslationResult.Faulted(TranslationFault.AddressSize, 0);
        }

        return WalkTables(virtualAddress, baseAddress, level, startIndexBits, outputBits, asid);
    }

    private TranslationResult WalkTables(ulong virtualAddress, ulong tableAddress, int level, int indexBits, int outputBits, ushort asid)
    {
        DescriptorWalk walk = WalkDescriptors(_reader, virtualAddress, tableAddress, level, indexBits, outputBits);
        return walk.Fault != TranslationFault.None
            ? TranslationResult.Faulted(walk.Fault, walk.Level, walk.Fault == TranslationFault.Stage2OnWalk ? walk.WalkAddress : 0)
            : Leaf(virtualAddress, walk.Descriptor, walk.Inherited, walk.Level, walk.Shift, walk.OutputMask, asid);
    }

    /// <summary>
    /// The 4 KB-granule table walk shared by VMSAv8-64 and the VMSAv8-32 long-descriptor format (DDI0487 D8.2, G5.4:
    /// the same descriptors): from <paramref name="tableAddress"/> at <paramref name="level"/> down to the block or
    /// page descriptor, with translation, address-size (descriptor bits [47:<paramref name="outputBits"/>]) and
    /// access-flag faults, and the APTable/XNTable/PXNTable bits of the table descriptors on the way.
    /// </summary>
    internal static DescriptorWalk WalkDescriptors(IPageTableReader reader, ulong virtualAddress, ulong tableAddress, int level,
        int indexBits, int outputBits)
    {
        ulong inherited = 0; // accumulated APTable/UXNTable/PXNTable bits from table descriptors
        while (true)
        {
            int shift = PageShift + (BitsPerLevel * (3 - level));
            ulong index = (virtualAddress >> shift) & ((1UL << indexBits) - 1);
            ulong descriptorAddress = tableAddress + (index * 8);
            if (!reader.TryReadDescriptor(descriptorAddress, out ulong descriptor))
            {
                return DescriptorWalk.Faulted(TranslationFault.Stage2OnWalk, level, descriptorAddress);
            }

            bool tableOrPage = (descriptor & DescriptorTableOrPage) != 0;
            // Invalid, a level-0 block (no 512 GB blocks with 4 KB), or the reserved 0b01 encoding at level 3.
            if ((descriptor & DescriptorValid) == 0 || (level == 0 && !tableOrPage) || (level == 3 && !tableOrPage))
            {
                return DescriptorWalk.Faulted(TranslationFault.Translation, level, descriptorAddress);
            }

            ulong outputMask = OutputAddressMask & ~((1UL << shift) - 1);
            if (level < 3 && tableOrPage)
            {
                if (Bits(descriptor, 47, outputBits) != 0)
                {
                    return DescriptorWalk.Faulted(TranslationFault.AddressSize, level, descriptorAddress);
                }

                inherited |= descriptor & (TablePxn | TableUxn | TableNoEl0 | TableReadOnly);
                tableAddress = descriptor & OutputAddressMask;
                indexBits = BitsPerLevel;
                level++;
                continue;
            }

            if (Bits(descriptor & outputMask, 47, outputBits) != 0)
            {
                return DescriptorWalk.Faulted(TranslationFault.AddressSize, level, descriptorAddress);
            }

            if ((descriptor & DescriptorAccessFlag) == 0)
            {
                return DescriptorWalk.Faulted(TranslationFault.AccessFlag, level, descriptorAddress);
            }

            return new DescriptorWalk(TranslationFault.None, level, descriptor, inherited, shift, outputMask, descriptorAddress);
        }
    }

    private TranslationResult Leaf(ulong virtualAddress, ulong descriptor, ulong inherited, int level, int shift, ulong outputMask, ushort asid)
    {
        ulong outputAddress = (descriptor & outputMask) | (virtualAddress & ((1UL << shift) - 1));
        int attrIndex = (int)((descriptor >> 2) & 7);
        byte attributes = (byte)(_registers.Mair >> (attrIndex * 8));
        byte shareability = (byte)((descriptor >> 8) & 3);
        return new TranslationResult(TranslationFault.None, level, outputAddress, shift,
            LeafPermissions(descriptor, inherited), (descriptor & DescriptorNotGlobal) == 0, asid, attributes, shareability);
    }

    /// <summary>
    /// ARMv8.0 stage-1 permissions (DDI0487 D8.4.1): AP[2:1] restricted by APTable, UXN/PXN by XNTable/PXNTable,
    /// SCTLR_EL1.WXN makes writable memory execute-never, and EL1 never executes memory EL0 can write.
    /// </summary>
    private PagePermissions LeafPermissions(ulong descriptor, ulong inherited)
    {
        bool el0 = (descriptor & ApEl0) != 0 && (inherited & TableNoEl0) == 0;
        bool readOnly = (descriptor & ApReadOnly) != 0 || (inherited & TableReadOnly) != 0;
        bool wxn = (_registers.Sctlr & SctlrBits.Wxn) != 0;
        bool el0Write = el0 && !readOnly;
        bool el1Write = !readOnly;
        bool uxn = (descriptor & DescriptorUxn) != 0 || (inherited & TableUxn) != 0;
        bool pxn = (descriptor & DescriptorPxn) != 0 || (inherited & TablePxn) != 0;

        PagePermissions permissions = PagePermissions.El1Read;
        permissions |= el1Write ? PagePermissions.El1Write : 0;
        permissions |= !pxn && !(wxn && el1Write) && !el0Write ? PagePermissions.El1Execute : 0;
        permissions |= el0 ? PagePermissions.El0Read : 0;
        permissions |= el0Write ? PagePermissions.El0Write : 0;
        permissions |= !uxn && !(wxn && el0Write) ? PagePermissions.El0Execute : 0;
        return permissions;
    }

    /// <summary>Stage 1 disabled: flat map, with an address-size check on VA[top:PA size] (pseudocode AArch64.TranslateAddressS1Off).</summary>
    private static TranslationResult WalkDisabled(ulong virtualAddress, int top, bool instructionFetch, bool defaultCacheable)
    {
        if (Bits(virtualAddress, top, IdRegisterValues.PhysicalAddressBits) != 0)
        {
            return TranslationResult.Faulted(TranslationFault.AddressSize, 0);
        }

        ulong outputAddress = virtualAddress & ((1UL << IdRegisterValues.PhysicalAddressBits) - 1);
        byte attributes = defaultCacheable ? NormalWriteBack : instructionFetch ? NormalNonCacheable : DeviceNgnrne;
        return new TranslationResult(TranslationFault.None, 0, outputAddress, PageShift, PagePermissions.All, true, 0,
            attributes, Shareability: 0b10);
    }

    /// <summary>The PA size: TCR_EL1.IPS limited to ID_AA64MMFR0_EL1.PARange (DDI0487 D8.2.7).</summary>
    private static int OutputAddressBits(ulong tcr)
    {
        int ips = (int)((tcr >> TcrBits.IpsShift) & 7) switch
        {
            0 => 32,
            1 => 36,
            2 => 40,
            3 => 42,
            4 => 44,
            _ => 48,
        };
        return Math.Min(ips, IdRegisterValues.PhysicalAddressBits);
    }

    /// <summary>Bits [high:low] of <paramref name="value"/>, or 0 when low &gt; high.</summary>
    internal static ulong Bits(ulong value, int high, int low)
    {
        if (low > high)
        {
            return 0;
        }

        int width = high - low + 1;
        return width == 64 ? value : (value >> low) & ((1UL << width) - 1);
    }
}
