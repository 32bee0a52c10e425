using System.Runtime.CompilerServices;
using Armvisor.Engine.Execution;
using Armvisor.Engine.Interpreter;

namespace Armvisor.Engine.A64.Instructions;

// SAFETY: handlers run only from a block: d points at that block's pinned record, and v.X/v.V are the vCPU's pinned
// register files indexed by 5-bit register numbers (0..31), so every pointer access stays in bounds; the staging buffer
// is 64 bytes (four 128-bit registers) and indexes stay below it.

/// <summary>
/// Advanced SIMD load/store multiple structures (DDI0487 C4.1.88, pseudocode of LD1-LD4/ST1-ST4 "multiple structures"):
/// rpt registers of selem-interleaved elements, with no offset or post-index (immediate = bytes moved, or Xm).
/// Loads stage all registers and write them only when every access succeeded.
/// </summary>
internal static unsafe class SimdStructureInstructions
{
    /// <summary>opcode → (rpt, selem); 0 for unallocated opcodes.</summary>
    private static (int Rpt, int Selem) Layout(int opcode) => opcode switch
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

    /// <summary>Shift = selem, Option = rpt, Size = element bytes, Flags = Q, Imm = bytes moved; size=11 with Q=0 and selem&gt;1 is reserved.</summary>
    public static bool PrepareMultiple(uint raw, DecodedInstruction* d)
    {
        (int rpt, int selem) = Layout((int)(raw >> 12) & 0xF);
        int size = (int)(raw >> 10) & 3;
        bool q = ((raw >> 30) & 1) != 0;
        if (rpt == 0 || (size == 3 && !q && selem > 1))
        {
            return false;
        }

        d->Shift = (byte)selem;
        d->Option = (byte)rpt;
        d->Size = (byte)(1 << size);
        d->Flags = (byte)(q ? 1 : 0);
        d->Imm = (ulong)(rpt * selem * (q ? 16 : 8));
        return true;
    }

    public static bool LoadMultiple(InterpreterVcpu v, DecodedInstruction* d) => Transfer(v, d, load: true, postIndex: false);

    public static bool StoreMultiple(InterpreterVcpu v, DecodedInstruction* d) => Transfer(v, d, load: false, postIndex: false);

    public static bool LoadMultiplePost(InterpreterVcpu v, DecodedInstruction* d) => Transfer(v, d, load: true, postIndex: true);

    public static bool StoreMultiplePost(InterpreterVcpu v, DecodedInstruction* d) => Transfer(v, d, load: false, postIndex: true);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool Transfer(InterpreterVcpu v, DecodedInstruction* d, bool load, bool postIndex)
    {
        if (!v.CheckFpAccess(d) || !v.TryReadBase(d, out ulong address))
        {
            return false;
        }

        int ebytes = d->Size, selem = d->Shift, rpt = d->Option, registers = rpt * selem;
        int elements = (d->Flags != 0 ? 16 : 8) / ebytes;
        byte* staging = stackalloc byte[64];
        new Span<byte>(staging, 64).Clear();
        if (!load)
        {
            for (int k = 0; k < registers; k++)
            {
                int reg = (d->Rd + k) & 31;
                ((ulong*)staging)[2 * k] = v.V[2 * reg];
                ((ulong*)staging)[(2 * k) + 1] = v.V[(2 * reg) + 1];
            }
        }

        ulong offset = 0;
        for (int r = 0; r < rpt; r++)
        {
            for (int e = 0; e < elements; e++)
            {
                for (int s = 0; s < selem; s++)
                {
                    byte* element = staging + (16 * (r + s)) + (e * ebytes);
                    bool ok = load ? ReadElement(v, d, address + offset, element, ebytes) : WriteElement(v, d, address + offset, element, ebytes);
                    if (!ok)
                    {
                        return false;
                    }

                    offset += (ulong)ebytes;
                }
            }
        }

        if (load)
        {
            for (int k = 0; k < registers; k++)
            {
                int reg = (d->Rd + k) & 31;
                v.V[2 * reg] = ((ulong*)staging)[2 * k];
                v.V[(2 * reg) + 1] = ((ulong*)staging)[(2 * k) + 1];
            }
        }

        if (postIndex)
        {
            v.WriteXOrSp(d->Rn, address + (d->Rm == 31 ? d->Imm : v.X[d->Rm]));
        }

        return true;
    }

    private static bool ReadElement(InterpreterVcpu v, DecodedInstruction* d, ulong address, byte* element, int ebytes)
    {
        switch (ebytes)
        {
            case 1:
                return v.TryRead(address, d, out *element);
            case 2:
                return v.TryRead(address, d, out *(ushort*)element);
            case 4:
                return v.TryRead(address, d, out *(uint*)element);
            default:
                return v.TryRead(address, d, out *(ulong*)element);
        }
    }

    private static bool WriteElement(InterpreterVcpu v, DecodedInstruction* d, ulong address, byte* element, int ebytes) => ebytes switch
    {
        1 => v.TryWrite(address, d, *element),
        2 => v.TryWrite(address, d, *(ushort*)element),
        4 => v.TryWrite(address, d, *(uint*)element),
        _ => v.TryWrite(address, d, *(ulong*)element),
    };
}
