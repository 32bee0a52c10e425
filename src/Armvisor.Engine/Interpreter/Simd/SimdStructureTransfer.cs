using Armvisor.Engine.Interpreter.Execution;
using static Armvisor.Engine.Interpreter.Simd.VectorRegisters;

namespace Armvisor.Engine.Interpreter.Simd;

/// <summary>
/// AdvSIMD load/store structures (DDI0487 C4.1.88 "Advanced SIMD load/store multiple structures", "... single
/// structure", with and without post-index): LD1-LD4/ST1-ST4 (multiple), LD1-LD4/ST1-ST4 (single lane), LD1R-LD4R.
/// Record layout: Size = log2 element bytes, Option = selem (structure elements), Shift = rpt (register repeats) or,
/// for single structures, the lane index; Imm = post-index immediate (when Rm = 31); Flags: Q, <see cref="Load"/>,
/// <see cref="PostIndex"/>, <see cref="Replicate"/>.
/// </summary>
internal static unsafe class SimdStructureTransfer
{
    public const byte Load = SimdFlags.Unsigned;
    public const byte PostIndex = SimdFlags.Round;
    public const byte Replicate = SimdFlags.Accumulate;

    private static byte CommonFlags(uint raw) =>
        (byte)((((raw >> 30) & 1) != 0 ? SimdFlags.Q : 0) | (((raw >> 22) & 1) != 0 ? Load : 0) | (((raw >> 23) & 1) != 0 ? PostIndex : 0));

    /// <summary>Multiple structures: opcode gives (rpt, selem); 64-bit elements need Q = 1 unless selem = 1.</summary>
    public static bool PrepareMultiple(uint raw, DecodedInstruction* d)
    {
        int opcode = (int)(raw >> 12) & 0xF;
        (int rpt, int selem) = opcode switch
        {
            0b0000 => (1, 4),
            0b0010 => (4, 1),
            0b0100 => (1, 3),
            0b0110 => (3, 1),
            0b0111 => (1, 1),
            0b1000 => (1, 2),
            0b1010 => (2, 1),
            _ => (0, 0),
        };
        d->Size = (byte)((raw >> 10) & 3);
        d->Flags = CommonFlags(raw);
        d->Option = (byte)selem;
        d->Shift = (byte)rpt;
        d->Imm = (ulong)(((d->Flags & SimdFlags.Q) != 0 ? 16 : 8) * rpt * selem);
        return rpt != 0 && !(d->Size == 3 && (d->Flags & SimdFlags.Q) == 0 && selem != 1);
    }

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

    /// <summary>LDn/STn (multiple structures): element e of structure s goes to register (t + r + s) mod 32.</summary>
    public static bool Multiple(InterpreterVcpu v, DecodedInstruction* d)
    {
        if (!v.CheckFpAccess(d) || !v.TryReadBase(d, out ulong address))
        {
            return false;
        }

        int selem = d->Option, rpt = d->Shift, size = d->Size, ebytes = 1 << size;
        int elements = ((d->Flags & SimdFlags.Q) != 0 ? 16 : 8) >> size;
        bool load = (d->Flags & Load) != 0;
        int registers = rpt * selem;
        ulong* staged = stackalloc ulong[8];
        for (int i = 0; i < 8; i++)
        {
            staged[i] = 0;
        }

        if (selem == 1)
        {
            // LD1/ST1 (multiple): memory order is register order, so whole doublewords move at once.
            int halves = (d->Flags & SimdFlags.Q) != 0 ? 2 : 1;
            for (int slot = 0; slot < registers; slot++)
            {
                int t = (d->Rd + slot) & 31;
                for (int h = 0; h < halves; h++)
                {
                    ulong a = address + (ulong)((slot * halves * 8) + (h * 8));
                    if (load ? !v.TryRead(a, d, out staged[(2 * slot) + h]) : !v.TryWrite(a, d, v.V[(2 * t) + h]))
                    {
                        return false;
                    }
                }
            }
        }

        ulong offset = 0;
        for (int r = 0; r < rpt && selem != 1; r++)
        {
            for (int e = 0; e < elements; e++)
            {
                for (int s = 0; s < selem; s++)
                {
                    int slot = r + s;
                    int t = (d->Rd + slot) & 31;
                    ulong a = address + offset;
                    if (load)
                    {
                        if (!ReadElement(v, d, a, size, out ulong value))
                        {
                            return false;
                        }

                        Set((byte*)(staged + (2 * slot)), e, size, value);
                    }
                    else if (!WriteElement(v, d, a, size, Get(Pointer(v, t), e, size)))
                    {
                        return false;
                    }

                    offset += (ulong)ebytes;
                }
            }
        }

        if (load)
        {
            for (int slot = 0; slot < registers; slot++)
            {
                int t = (d->Rd + slot) & 31;
                v.V[2 * t] = staged[2 * slot];
                v.V[(2 * t) + 1] = staged[(2 * slot) + 1];
            }
        }

        return WriteBack(v, d, address);
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

    private static bool ReadElement(InterpreterVcpu v, DecodedInstruction* d, ulong address, int size, out ulong value)
    {
        bool ok;
        switch (size)
        {
            case 0:
                ok = v.TryRead(address, d, out byte b);
                value = b;
                break;
            case 1:
                ok = v.TryRead(address, d, out ushort h);
                value = h;
                break;
            case 2:
                ok = v.TryRead(address, d, out uint w);
                value = w;
                break;
            default:
                ok = v.TryRead(address, d, out value);
                break;
        }

        return ok;
    }

    private static bool WriteElement(InterpreterVcpu v, DecodedInstruction* d, ulong address, int size, ulong value) => size switch
    {
        0 => v.TryWrite(address, d, (byte)value),
        1 => v.TryWrite(address, d, (ushort)value),
        2 => v.TryWrite(address, d, (uint)value),
        _ => v.TryWrite(address, d, value),
    };
}
