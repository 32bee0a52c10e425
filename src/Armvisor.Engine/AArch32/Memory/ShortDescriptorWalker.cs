using Armvisor.Engine.Interpreter;
using Armvisor.Engine.SystemLevel;

namespace Armvisor.Engine.AArch32.Memory;

/// <summary>
/// The VMSAv7 short-descriptor translation table walk (DDI0487 G5.5, "The VMSAv8-32 Short-descriptor translation table
/// format"; DDI0406C B3.5): TTBR0/TTBR1 split by TTBCR.N, PD0/PD1, first-level sections (1 MB), supersections
/// (16 MB, PA[39:32] from the descriptor), page tables; second-level large (64 KB) and small (4 KB) pages; domains and
/// DACR (no access faults here; manager skips permission checks), the access flag with SCTLR.AFE (checked in the
/// walk, before the domain, as AArch32.TranslationTableWalkSD does); TEX remap for the memory type. A type of its own,
/// without interpreter state, so the DACR virtualization (issue 16) can walk with the agent's view of the registers.
/// The permission check of an access is <see cref="ShortDescriptorPermissions"/>.
/// </summary>
public sealed class ShortDescriptorWalker
{
    private readonly IPageTableReader _reader;

    public ShortDescriptorWalker(IPageTableReader reader) => _reader = reader;

    public ShortDescriptorResult Walk(uint va, in ShortDescriptorRegisters regs)
    {
        if (!regs.MmuEnabled)
        {
            // Stage 1 off: flat, every access permitted, data Strongly-ordered (DDI0487 G5.2.1), fetches Normal.
            return new ShortDescriptorResult(ShortDescriptorFault.None, 1, 0, va, 0b011, false, false, true, true, 0);
        }

        int n = (int)(regs.Ttbcr & 7);
        bool useTtbr1 = n != 0 && (va >> (32 - n)) != 0;
        if ((regs.Ttbcr & (useTtbr1 ? 1u << 5 : 1u << 4)) != 0)
        {
            // PD0/PD1: a TLB miss through that TTBR is a first-level translation fault (G5.5.x).
            return Fault(ShortDescriptorFault.Translation, 1, 0, 0);
        }

        uint l1Address = useTtbr1
            ? (regs.Ttbr1 & 0xFFFF_C000) | ((va >> 18) & 0x3FFC)
            : (regs.Ttbr0 & ~((1u << (14 - n)) - 1)) | ((va >> 18) & (0x3FFCu >> n));
        if (!TryRead(l1Address, out uint l1))
        {
            return Fault(ShortDescriptorFault.Stage2OnWalk, 1, 0, l1Address);
        }

        uint type = l1 & 3;
        if (type == 0)
        {
            return Fault(ShortDescriptorFault.Translation, 1, 0, l1Address);
        }

        if (type == 1)
        {
            // Page table: domain [8:5], PXN [2]; the second-level descriptor at L1[31:10]:VA[19:12]:00.
            uint domain = (l1 >> 5) & 0xF;
            bool pxn = (l1 & 4) != 0;
            uint l2Address = (l1 & 0xFFFF_FC00) | ((va >> 10) & 0x3FC);
            if (!TryRead(l2Address, out uint l2))
            {
                return Fault(ShortDescriptorFault.Stage2OnWalk, 2, domain, l2Address);
            }

            if ((l2 & 3) == 0)
            {
                return Fault(ShortDescriptorFault.Translation, 2, domain, l2Address);
            }

            uint ap = ((l2 >> 4) & 3) | ((l2 >> 7) & 4);
            if (regs.AccessFlagEnabled && (ap & 1) == 0)
            {
                return Fault(ShortDescriptorFault.AccessFlag, 2, domain, l2Address);
            }

            uint dacr2 = (regs.Dacr >> (int)(domain * 2)) & 3;
            if (dacr2 is 0 or 2)
            {
                return Fault(ShortDescriptorFault.Domain, 2, domain, l2Address);
            }

            bool large = (l2 & 3) == 1;
            ulong pa = large ? (l2 & 0xFFFF_0000) | (va & 0xFFFF) : (l2 & 0xFFFF_F000) | (va & 0xFFF);
            uint tex = large ? (l2 >> 12) & 7 : (l2 >> 6) & 7;
            bool xn = large ? (l2 & (1u << 15)) != 0 : (l2 & 1) != 0;
            return new ShortDescriptorResult(ShortDescriptorFault.None, 2, domain, pa, ap, xn, pxn, dacr2 == 3,
                IsDevice(regs, tex, l2), l2Address);
        }

        // Section or supersection (bit 18): AP[2] 15, TEX 14:12, AP[1:0] 11:10, domain 8:5, XN 4, C 3, B 2, PXN 0.
        bool super = (l1 & (1u << 18)) != 0;
        uint sectionDomain = super ? 0 : (l1 >> 5) & 0xF;
        uint sectionAp = ((l1 >> 10) & 3) | ((l1 >> 13) & 4);
        if (regs.AccessFlagEnabled && (sectionAp & 1) == 0)
        {
            return Fault(ShortDescriptorFault.AccessFlag, 1, sectionDomain, l1Address);
        }

        uint dacr = (regs.Dacr >> (int)(sectionDomain * 2)) & 3;
        if (dacr is 0 or 2)
        {
            return Fault(ShortDescriptorFault.Domain, 1, sectionDomain, l1Address);
        }

        ulong output = super
            ? (l1 & 0xFF00_0000) | ((ulong)((l1 >> 20) & 0xF) << 32) | ((ulong)((l1 >> 5) & 0xF) << 36) | (va & 0x00FF_FFFF)
            : (l1 & 0xFFF0_0000) | (va & 0x000F_FFFF);
        return new ShortDescriptorResult(ShortDescriptorFault.None, 1, sectionDomain, output, sectionAp, (l1 & 0x10) != 0,
            (l1 & 1) != 0, dacr == 3, IsDevice(regs, (l1 >> 12) & 7, l1), l1Address);
    }

    /// <summary>
    /// Device or Strongly-ordered memory (what makes unaligned accesses fault): TEX:C:B without remap (G5.7.2 table
    /// "TEX, C, B encodings": 000:0:0 Strongly-ordered, 000:0:1 and 010:0:0 Device), or the PRRR type field of region
    /// TEX[0]:C:B with TEX remap (0b00 Strongly-ordered, 0b01 Device).
    /// </summary>
    private static bool IsDevice(in ShortDescriptorRegisters regs, uint tex, uint descriptor)
    {
        uint cb = (descriptor >> 2) & 3;
        if (regs.TexRemap)
        {
            int region = (int)(((tex & 1) << 2) | cb);
            uint memoryType = (regs.Prrr >> (2 * region)) & 3;
            return memoryType is 0 or 1;
        }

        return (tex == 0 && cb is 0 or 1) || (tex == 2 && cb == 0);
    }

    private static ShortDescriptorResult Fault(ShortDescriptorFault fault, int level, uint domain, ulong walkAddress) =>
        new(fault, level, domain, 0, 0, false, false, false, false, walkAddress);

    /// <summary>A 32-bit descriptor: the reader loads aligned doublewords, so this picks the word's half.</summary>
    private bool TryRead(uint address, out uint descriptor)
    {
        descriptor = 0;
        if (!_reader.TryReadDescriptor(address & ~7u, out ulong pair))
        {
            return false;
        }

        descriptor = (uint)(pair >> (int)((address & 4) * 8));
        return true;
    }
}
