using Armvisor.Engine.Execution;
using Armvisor.Engine.Interpreter;
using static Armvisor.Engine.A64.Simd.VectorRegisters;

namespace Armvisor.Engine.A64.Simd;

// SAFETY: handlers run only from a block: d points at that block's pinned record, and v.V/v.X are the vCPU's pinned
// register files; register numbers are 5-bit fields (0..31) and element indices are bounded by the element count of a
// 16-byte register, so every pointer access (including the 16-byte stackalloc result buffers) stays in bounds.
/// <summary>
/// AdvSIMD load/store single structure (DDI0487 C4.1.88 "Advanced SIMD load/store single structure", with and without
/// post-index): LD1-LD4/ST1-ST4 (one lane) and LD1R-LD4R (replicate). Record layout: Size = log2 element bytes,
/// Option = selem (structure elements), Shift = lane index, Imm = post-index immediate (when Rm = 31); Flags: Q,
/// <see cref="Load"/>, <see cref="PostIndex"/>, <see cref="Replicate"/>.
/// </summary>
internal static unsafe class SimdStructureTransfer
{
    public const byte Load = SimdFlags.Unsigned;
    public const byte PostIndex = SimdFlags.Round;
    public const byte Replicate = SimdFlags.Accumulate;

    private static byte CommonFlags(uint raw) =>
        (byte)((((raw >> 30) & 1) != 0 ? SimdFlags.Q : 0) | (((raw >> 22) & 1) != 0 ? Load : 0) | (((raw >> 23) & 1) != 0 ? PostIndex : 0));

    /// <summary>
    /// Single structure: opcode&lt;2:1&gt; selects B/H/S-or-D/replicate; the lane index is Q:S:size bits per element size;
    /// selem = opcode&lt;0&gt;:R + 1. Replicate exists only for loads with S = 0.
    /// </summary>
    public static bool PrepareSingle(uint raw, DecodedInstruction* d)
    {
        int opcode = (int)(raw >> 13) & 7;
        int s = (int)(raw >> 12) & 1;
        int size = (int)(raw >> 10) & 3;
        int q = (int)(raw >> 30) & 1;
        int r = (int)(raw >> 21) & 1;
        d->Flags = CommonFlags(raw);
        d->Option = (byte)((((opcode & 1) << 1) | r) + 1);
        int scale = opcode >> 1;
        int index;
        switch (scale)
        {
            case 0:
                index = (q << 3) | (s << 2) | size;
                break;
            case 1:
                if ((size & 1) != 0)
                {
                    return false;
                }

                index = (q << 2) | (s << 1) | (size >> 1);
                break;
            case 2:
                if ((size & 2) != 0 || (size == 1 && s != 0))
                {
                    return false;
                }

                if (size == 1)
                {
                    scale = 3;
                    index = q;
                }
                else
                {
                    index = (q << 1) | s;
                }

                break;
            default:
                if ((d->Flags & Load) == 0 || s != 0)
                {
                    return false;
                }

                scale = size;
                index = 0;
                d->Flags |= Replicate;
                break;
        }

        d->Size = (byte)scale;
        d->Shift = (byte)index;
        d->Imm = (ulong)(d->Option << scale);
        return true;
    }

    private static bool WriteBack(InterpreterVcpu v, DecodedInstruction* d, ulong address)
    {
        if ((d->Flags & PostIndex) != 0)
        {
            v.WriteXOrSp(d->Rn, address + (d->Rm == 31 ? d->Imm : v.X[d->Rm]));
        }

        return true;
    }

    /// <summary>LDn/STn (single structure) and LDnR: one lane (or all lanes, replicated) of selem consecutive registers.</summary>
    public static bool Single(InterpreterVcpu v, DecodedInstruction* d)
    {
        if (!v.CheckFpAccess(d) || !v.TryReadBase(d, out ulong address))
        {
            return false;
        }

        int selem = d->Option, size = d->Size;
        bool load = (d->Flags & Load) != 0;
        ulong* values = stackalloc ulong[4];
        for (int s = 0; s < selem; s++)
        {
            ulong a = address + (ulong)(s << size);
            int t = (d->Rd + s) & 31;
            if (load)
            {
                if (!ReadElement(v, d, a, size, out values[s]))
                {
                    return false;
                }
            }
            else if (!WriteElement(v, d, a, size, Get(Pointer(v, t), d->Shift, size)))
            {
                return false;
            }
        }

        if (load)
        {
            for (int s = 0; s < selem; s++)
            {
                int t = (d->Rd + s) & 31;
                if ((d->Flags & Replicate) != 0)
                {
                    ulong pattern = values[s];
                    for (int width = 8 << size; width < 64; width *= 2)
                    {
                        pattern |= pattern << width;
                    }

                    v.V[2 * t] = pattern;
                    v.V[(2 * t) + 1] = (d->Flags & SimdFlags.Q) != 0 ? pattern : 0;
                }
                else
                {
                    Set(Pointer(v, t), d->Shift, size, values[s]);
                }
            }
        }

        return WriteBack(v, d, address);
    }

    private static bool ReadElement(InterpreterVcpu v, DecodedInstruction* d, ulong address, int size, out ulong value) =>
        v.TryReadSized(address, d, 1 << size, out value);

    private static bool WriteElement(InterpreterVcpu v, DecodedInstruction* d, ulong address, int size, ulong value) =>
        v.TryWriteSized(address, d, 1 << size, value);
}
