using Armvisor.Engine.Interpreter;
using Armvisor.Engine.Execution;
using Armvisor.Engine.A64.Instructions;

namespace Armvisor.Engine.AArch32.Semantics;

// SAFETY: as VfpDataProcessing; Prepare bounds every register the transfer names by D31.
/// <summary>
/// Advanced SIMD element and structure loads and stores (DDI0487 F5.1 VLD1-VLD4, VST1-VST4): multiple structures
/// (type field: VLD1 with 1-4 registers, VLD2 with 1 or 2 register pairs, VLD3, VLD4, spacing 1 or 2), a single
/// structure to or from one lane, and (loads only) one structure replicated to all lanes. The alignment the encoding
/// asks for (align / index_align / a) is checked first and faults (Alignment) when the address is not a multiple of
/// it; the element accesses themselves are unaligned-capable (MemU). Post-index: Rm = 15 none, Rm = 13 by the
/// transfer size, otherwise by Rm. The UNPREDICTABLE field combinations (registers beyond D31, Rn = PC, the reserved
/// size/align values) are UNDEFINED.
/// </summary>
internal static unsafe class NeonStructureTransfer
{
    // Option: the form; Flags: the structure count n (1-4) in bits [2:0], the register spacing in bits [5:4];
    // Ra: registers per structure element (VLD1 multiple: 1-4; VLD2 multiple: 1-2); Size: log2(ebytes);
    // Shift: the lane index; Imm: the alignment in bytes.
    private const byte Multiple = 0, OneLane = 1, AllLanes = 2;

    private static byte Pack(int n, int inc) => (byte)(n | (inc << 4));

    private static int Structures(DecodedInstruction* d) => d->Flags & 7;

    private static int Spacing(DecodedInstruction* d) => d->Flags >> 4;

    private static bool Common(uint raw, DecodedInstruction* d)
    {
        d->Rd = (byte)(((raw >> 18) & 0x10) | ((raw >> 12) & 0xF));
        d->Rn = (byte)((raw >> 16) & 0xF);
        d->Rm = (byte)(raw & 0xF);
        return d->Rn != 15;
    }

    /// <summary>Multiple structures: type (bits [11:8]), size (bits [7:6]), align (bits [5:4]).</summary>
    public static bool PrepareMultiple(uint raw, DecodedInstruction* d)
    {
        if (!Common(raw, d))
        {
            return false;
        }

        int type = (int)((raw >> 8) & 0xF), size = (int)((raw >> 6) & 3), align = (int)((raw >> 4) & 3);
        (int n, int regs, int inc) = type switch
        {
            0b0111 => (1, 1, 1),
            0b1010 => (1, 2, 1),
            0b0110 => (1, 3, 1),
            0b0010 => (1, 4, 1),
            0b1000 => (2, 1, 1),
            0b1001 => (2, 1, 2),
            0b0011 => (2, 2, 2),
            0b0100 => (3, 1, 1),
            0b0101 => (3, 1, 2),
            0b0000 => (4, 1, 1),
            0b0001 => (4, 1, 2),
            _ => (0, 0, 0),
        };
        bool reserved = n switch
        {
            0 => true,
            1 => ((regs == 1 || regs == 3) && (align & 2) != 0) || (regs == 2 && align == 3),
            2 => size == 3 || (regs == 1 && align == 3),
            3 => size == 3 || (align & 2) != 0,
            _ => size == 3,
        };
        int last = d->Rd + ((n - 1) * inc) + regs - 1;
        if (reserved || last > 31)
        {
            return false;
        }

        d->Option = Multiple;
        d->Flags = Pack(n, inc);
        d->Ra = (byte)regs;
        d->Size = (byte)size;
        d->Imm = align == 0 ? 1UL : 4UL << align;
        return true;
    }

    /// <summary>A single structure to or from one lane: size (bits [11:10]), index_align (bits [7:4]), n (bits [9:8]) + 1.</summary>
    public static bool PrepareOneLane(uint raw, DecodedInstruction* d)
    {
        if (!Common(raw, d))
        {
            return false;
        }

        int size = (int)((raw >> 10) & 3), n = (int)((raw >> 8) & 3) + 1, ia = (int)((raw >> 4) & 0xF);
        int index, inc = 1, alignment = 1;
        bool reserved = false;
        switch (size)
        {
            case 0:
                index = ia >> 1;
                reserved = n is 1 or 3 && (ia & 1) != 0;
                alignment = n switch { 2 when (ia & 1) != 0 => 2, 4 when (ia & 1) != 0 => 4, _ => 1 };
                break;
            case 1:
                index = ia >> 2;
                inc = n > 1 && (ia & 2) != 0 ? 2 : 1;
                reserved = (n == 1 && (ia & 2) != 0) || (n == 3 && (ia & 1) != 0);
                alignment = (ia & 1) == 0 || n == 3 ? 1 : n == 1 ? 2 : n == 2 ? 4 : 8;
                break;
            default:
                index = ia >> 3;
                inc = n > 1 && (ia & 4) != 0 ? 2 : 1;
                switch (n)
                {
                    case 1:
                        reserved = (ia & 4) != 0 || (ia & 3) is 1 or 2;
                        alignment = (ia & 3) == 3 ? 4 : 1;
                        break;
                    case 2:
                        reserved = (ia & 2) != 0;
                        alignment = (ia & 1) != 0 ? 8 : 1;
                        break;
                    case 3:
                        reserved = (ia & 3) != 0;
                        break;
                    default:
                        reserved = (ia & 3) == 3;
                        alignment = (ia & 3) == 0 ? 1 : 4 << (ia & 3);
                        break;
                }

                break;
        }

        if (size == 3 || reserved || d->Rd + ((n - 1) * inc) > 31)
        {
            return false;
        }

        d->Option = OneLane;
        d->Flags = Pack(n, inc);
        d->Ra = 1;
        d->Size = (byte)size;
        d->Shift = (byte)index;
        d->Imm = (ulong)alignment;
        return true;
    }

    /// <summary>A single structure to all lanes (loads): n (bits [9:8]) + 1, size (bits [7:6]), T (bit 5), a (bit 4).</summary>
    public static bool PrepareAllLanes(uint raw, DecodedInstruction* d)
    {
        if (!Common(raw, d))
        {
            return false;
        }

        int n = (int)((raw >> 8) & 3) + 1, size = (int)((raw >> 6) & 3);
        bool t = (raw & (1u << 5)) != 0, a = (raw & (1u << 4)) != 0;
        int ebytes = 1 << size, alignment, regs = 1, inc = t ? 2 : 1;
        bool reserved;
        switch (n)
        {
            case 1:
                reserved = size == 3 || (size == 0 && a);
                alignment = a ? ebytes : 1;
                regs = t ? 2 : 1;
                inc = 1;
                break;
            case 2:
                reserved = size == 3;
                alignment = a ? 2 * ebytes : 1;
                break;
            case 3:
                reserved = size == 3 || a;
                alignment = 1;
                break;
            default:
                reserved = size == 3 && !a;
                if (size == 3)
                {
                    size = 2;
                    alignment = 16;
                }
                else
                {
                    alignment = !a ? 1 : size == 2 ? 8 : 4 * ebytes;
                }

                break;
        }

        if (reserved || d->Rd + ((n - 1) * inc) + regs - 1 > 31)
        {
            return false;
        }

        d->Option = AllLanes;
        d->Flags = Pack(n, inc);
        d->Ra = (byte)regs;
        d->Size = (byte)size;
        d->Imm = (ulong)alignment;
        return true;
    }

    public static bool Execute(InterpreterVcpu v, DecodedInstruction* d)
    {
        if (!v.CheckVfpAccess(d))
        {
            return false;
        }

        bool load = (d->Raw & (1u << 21)) != 0;
        uint baseAddress = v.R(d, d->Rn), address = baseAddress;
        if ((address & ((uint)d->Imm - 1)) != 0)
        {
            v.RaiseAlignmentFault(address, d, write: !load);
            return false;
        }

        int n = Structures(d), inc = Spacing(d), ebytes = 1 << d->Size;
        int transferred;
        switch (d->Option)
        {
            case Multiple:
            {
                int elements = 8 / ebytes;
                for (int r = 0; r < d->Ra; r++)
                {
                    if (n == 1)
                    {
                        // VLD1/VST1: the register's bytes are the memory's, in order (little-endian elements).
                        int reg = d->Rd + r;
                        if (!(load ? LoadDoubleword(v, d, address, reg) : v.TryWrite(address, d, v.ReadD(reg))))
                        {
                            return false;
                        }

                        address += 8;
                        continue;
                    }

                    for (int e = 0; e < elements; e++)
                    {
                        for (int k = 0; k < n; k++)
                        {
                            if (!TransferElement(v, d, address, d->Rd + r + (k * inc), e, ebytes, load))
                            {
                                return false;
                            }

                            address += (uint)ebytes;
                        }
                    }
                }

                transferred = 8 * d->Ra * n;
                break;
            }

            case OneLane:
                for (int k = 0; k < n; k++)
                {
                    if (!TransferElement(v, d, address, d->Rd + (k * inc), d->Shift, ebytes, load))
                    {
                        return false;
                    }

                    address += (uint)ebytes;
                }

                transferred = n * ebytes;
                break;
            default:
                for (int k = 0; k < n; k++)
                {
                    if (!v.TryReadSized(address, d, ebytes, out ulong element))
                    {
                        return false;
                    }

                    ulong replicated = Replicate(element, ebytes);
                    for (int r = 0; r < d->Ra; r++)
                    {
                        v.WriteD(d->Rd + (k * inc) + r, replicated);
                    }

                    address += (uint)ebytes;
                }

                transferred = n * ebytes;
                break;
        }

        if (d->Rm != 15)
        {
            v.WriteR(d->Rn, baseAddress + (d->Rm == 13 ? (uint)transferred : v.R(d, d->Rm)));
        }

        return true;
    }

    private static bool LoadDoubleword(InterpreterVcpu v, DecodedInstruction* d, uint address, int reg)
    {
        if (!v.TryRead(address, d, out ulong value))
        {
            return false;
        }

        v.WriteD(reg, value);
        return true;
    }

    private static bool TransferElement(InterpreterVcpu v, DecodedInstruction* d, uint address, int reg, int index, int ebytes, bool load)
    {
        int shift = index * ebytes * 8;
        ulong mask = (ebytes == 8 ? ulong.MaxValue : (1UL << (ebytes * 8)) - 1) << shift;
        ulong current = v.ReadD(reg);
        if (!load)
        {
            return v.TryWriteSized(address, d, ebytes, (current & mask) >> shift);
        }

        if (!v.TryReadSized(address, d, ebytes, out ulong element))
        {
            return false;
        }

        v.WriteD(reg, (current & ~mask) | ((element << shift) & mask));
        return true;
    }

    /// <summary>Replicate(element, 64 / (8 * ebytes)).</summary>
    public static ulong Replicate(ulong element, int ebytes) => ebytes switch
    {
        1 => (element & 0xFF) * 0x0101_0101_0101_0101UL,
        2 => (element & 0xFFFF) * 0x0001_0001_0001_0001UL,
        4 => (element & 0xFFFF_FFFF) * 0x0000_0001_0000_0001UL,
        _ => element,
    };
}
