using System.Reflection;
using System.Reflection.Emit;
using Armvisor.Engine.A64.Instructions;
using Armvisor.Engine.Tlb;
using Armvisor.Engine.Interpreter;

namespace Armvisor.Engine.Execution;

/// <summary>
/// Inline IL for LDR/STR/LDRB/STRB/LDRH/STRH/LDRSB/LDRSH/LDRSW with immediate, register, pre- and post-index offsets: the soft-TLB
/// fast path of <see cref="InterpreterVcpu.TryRead{T}"/> (tag compare including the alignment bits, then a host access).
/// A miss calls the instruction's handler, which redoes the whole access through the slow path — nothing is modified
/// before the fast path succeeds, so the instruction stays atomic.
/// </summary>
internal static unsafe partial class BlockCompiler
{
    private static readonly FieldInfo DataTlbField = typeof(InterpreterVcpu).GetField("_dataTlb", BindingFlags.NonPublic | BindingFlags.Instance)!;
    /// <summary>The addressing modes the compiled tier inlines.</summary>
    internal enum InlineMode
    {
        Offset,
        Register,
        PreIndex,
        PostIndex,
    }

    /// <summary>
    /// Handler → (mode, size in bytes, load, sign-extending). Zero- and sign-extending loads and plain stores of 1, 2,
    /// 4 and 8 bytes.
    /// </summary>
    internal static readonly Dictionary<nint, (InlineMode Mode, int Size, bool Load, bool Signed)> InlineAccesses = BuildInlineAccesses();

    private static Dictionary<nint, (InlineMode Mode, int Size, bool Load, bool Signed)> BuildInlineAccesses()
    {
        var map = new Dictionary<nint, (InlineMode, int, bool, bool)>();
        void Add<T>(int size, bool load, bool signed = false) where T : struct, IMemoryTransfer
        {
            map[Address(&LoadStoreInstructions.Offset<T>)] = (InlineMode.Offset, size, load, signed);
            map[Address(&LoadStoreInstructions.RegisterOffset<T>)] = (InlineMode.Register, size, load, signed);
            map[Address(&LoadStoreInstructions.PreIndex<T>)] = (InlineMode.PreIndex, size, load, signed);
            map[Address(&LoadStoreInstructions.PostIndex<T>)] = (InlineMode.PostIndex, size, load, signed);
        }

        Add<LoadByte>(1, true);
        Add<LoadHalfword>(2, true);
        Add<LoadWord>(4, true);
        Add<LoadDoubleword>(8, true);
        Add<LoadSignedByte>(1, true, signed: true);
        Add<LoadSignedHalfword>(2, true, signed: true);
        Add<LoadSignedWord>(4, true, signed: true);
        Add<StoreByte>(1, false);
        Add<StoreHalfword>(2, false);
        Add<StoreWord>(4, false);
        Add<StoreDoubleword>(8, false);
        return map;
    }

    private static bool TryEmitLoadStore(ILGenerator il, DecodedInstruction* d, int index, LocalBuilder x, Label leave)
    {
        if (!InlineAccesses.TryGetValue((nint)d->Handler, out (InlineMode Mode, int Size, bool Load, bool Signed) access))
        {
            return false;
        }

        (InlineMode mode, int size, bool load, bool signed) = access;
        bool registerOffset = mode == InlineMode.Register;
        bool writeBack = mode is InlineMode.PreIndex or InlineMode.PostIndex;
        if (writeBack && d->Rn == d->Rd)
        {
            return false; // CONSTRAINED UNPREDICTABLE: keep the handler's choice
        }

        LocalBuilder va = il.DeclareLocal(typeof(ulong));
        LocalBuilder entry = il.DeclareLocal(typeof(byte*));
        Label slow = il.DefineLabel();

        // va = Xn|SP + offset (post-index: Xn|SP); a misaligned SP goes to the handler, which checks SCTLR_EL1.SA/SA0.
        EmitLoadBase(il, x, d->Rn, slow);
        if (registerOffset)
        {
            EmitLoad(il, x, d->Rm);
            EmitExtend(il, d->Option);
            if (d->Shift != 0)
            {
                il.Emit(OpCodes.Ldc_I4, (int)d->Shift);
                il.Emit(OpCodes.Shl);
            }

            il.Emit(OpCodes.Add);
        }
        else if (mode != InlineMode.PostIndex)
        {
            il.Emit(OpCodes.Ldc_I8, (long)d->Imm);
            il.Emit(OpCodes.Add);
        }

        il.Emit(OpCodes.Stloc, va);

        EmitTlbHit(il, va, entry, load, size - 1, slow);

        if (load)
        {
            EmitStore(il, x, d->Rd, () =>
            {
                EmitHostAddress(il, entry, va);
                if (signed)
                {
                    // LDRSB/LDRSH/LDRSW: sign-extend to 64 bits, or to 32 (then zero-extended) with Signed32, as the transfers do.
                    il.Emit(size switch { 1 => OpCodes.Ldind_I1, 2 => OpCodes.Ldind_I2, _ => OpCodes.Ldind_I4 });
                    il.Emit(OpCodes.Conv_I8);
                    if ((d->Flags & InstructionFlags.Signed32) != 0)
                    {
                        il.Emit(OpCodes.Conv_U4);
                        il.Emit(OpCodes.Conv_U8);
                    }
                }
                else
                {
                    il.Emit(size switch
                    {
                        1 => OpCodes.Ldind_U1,
                        2 => OpCodes.Ldind_U2,
                        4 => OpCodes.Ldind_U4,
                        _ => OpCodes.Ldind_I8,
                    });
                    if (size < 8)
                    {
                        il.Emit(OpCodes.Conv_U8);
                    }
                }
            });
        }
        else
        {
            EmitHostAddress(il, entry, va);
            EmitLoad(il, x, d->Rd);
            switch (size)
            {
                case 1:
                    il.Emit(OpCodes.Conv_U1);
                    il.Emit(OpCodes.Stind_I1);
                    break;
                case 2:
                    il.Emit(OpCodes.Conv_U2);
                    il.Emit(OpCodes.Stind_I2);
                    break;
                case 4:
                    il.Emit(OpCodes.Conv_U4);
                    il.Emit(OpCodes.Stind_I4);
                    break;
                default:
                    il.Emit(OpCodes.Stind_I8);
                    break;
            }
        }

        EmitWriteBackAndSlowPath(il, d, index, x, va, writeBack, mode == InlineMode.PostIndex, slow, leave);
        return true;
    }

    /// <summary>
    /// Ends an inlined access: the fast path's base write-back (Xn|SP = pre: va; post: va + imm), then the slow path at
    /// <paramref name="slow"/> — the handler, which redoes the whole access — joining the fast path's end, where it
    /// reloads the registers the fast path leaves current.
    /// </summary>
    private static void EmitWriteBackAndSlowPath(ILGenerator il, DecodedInstruction* d, int index, LocalBuilder x, LocalBuilder va,
        bool writeBack, bool postIndex, Label slow, Label leave)
    {
        if (writeBack)
        {
            EmitStoreBase(il, x, d->Rn, () =>
            {
                il.Emit(OpCodes.Ldloc, va);
                if (postIndex)
                {
                    il.Emit(OpCodes.Ldc_I8, (long)d->Imm);
                    il.Emit(OpCodes.Add);
                }
            });
        }

        Label done = il.DefineLabel();
        bool[] fastEnd = t_registers!.Snapshot();
        il.Emit(OpCodes.Br, done);
        il.MarkLabel(slow);
        EmitHandlerCall(il, d, index, leave);
        t_registers.Reload(fastEnd);
        il.MarkLabel(done);
    }

    /// <summary>
    /// entry = this vCPU's data-TLB entry for va; branches to <paramref name="slow"/> unless its read (or write) tag is
    /// va's page with the low <paramref name="alignmentMask"/> bits clear: a hit on a RAM page, aligned, not a code page
    /// for writes (the tag's flag bits never match an address).
    /// </summary>
    private static void EmitTlbHit(ILGenerator il, LocalBuilder va, LocalBuilder entry, bool load, int alignmentMask, Label slow)
    {
        // entry = _dataTlb + ((va >> 12) & (Entries - 1))
        il.Emit(OpCodes.Ldarg_1);
        il.Emit(OpCodes.Ldfld, DataTlbField);
        il.Emit(OpCodes.Ldloc, va);
        il.Emit(OpCodes.Ldc_I4, InterpreterConstants.PageShift);
        il.Emit(OpCodes.Shr_Un);
        il.Emit(OpCodes.Ldc_I8, (long)(SoftTlb.Entries - 1));
        il.Emit(OpCodes.And);
        il.Emit(OpCodes.Conv_U);
        il.Emit(OpCodes.Ldc_I4, sizeof(TlbEntry));
        il.Emit(OpCodes.Mul);
        il.Emit(OpCodes.Add);
        il.Emit(OpCodes.Stloc, entry);

        // if (tag != (va & (PageMask | alignmentMask))) goto slow
        il.Emit(OpCodes.Ldloc, entry);
        if (!load)
        {
            il.Emit(OpCodes.Ldc_I4, 8); // WriteTag
            il.Emit(OpCodes.Add);
        }

        il.Emit(OpCodes.Ldind_I8);
        il.Emit(OpCodes.Ldloc, va);
        il.Emit(OpCodes.Ldc_I8, (long)(InterpreterConstants.PageMask | (ulong)alignmentMask));
        il.Emit(OpCodes.And);
        il.Emit(OpCodes.Bne_Un, slow);
    }

    private static readonly MethodInfo SpGetter = typeof(CpuState).GetProperty(nameof(CpuState.Sp))!.GetMethod!;
    private static readonly MethodInfo SpSetter = typeof(CpuState).GetProperty(nameof(CpuState.Sp))!.SetMethod!;

    /// <summary>Pushes the base register Xn, or SP for 31 — branching to <paramref name="misaligned"/> (stack empty) when SP is not 16-byte aligned.</summary>
    private static void EmitLoadBase(ILGenerator il, LocalBuilder x, int n, Label misaligned)
    {
        if (n != 31)
        {
            EmitLoad(il, x, n);
            return;
        }

        LocalBuilder sp = il.DeclareLocal(typeof(ulong));
        il.Emit(OpCodes.Ldarg_1);
        il.Emit(OpCodes.Call, StateGetter);
        il.Emit(OpCodes.Call, SpGetter);
        il.Emit(OpCodes.Stloc, sp);
        il.Emit(OpCodes.Ldloc, sp);
        il.Emit(OpCodes.Ldc_I8, 15L);
        il.Emit(OpCodes.And);
        il.Emit(OpCodes.Brtrue, misaligned);
        il.Emit(OpCodes.Ldloc, sp);
    }

    /// <summary>Writes the base register back: Xn, or SP for 31.</summary>
    private static void EmitStoreBase(ILGenerator il, LocalBuilder x, int n, Action emitValue)
    {
        if (n != 31)
        {
            EmitStore(il, x, n, emitValue);
            return;
        }

        il.Emit(OpCodes.Ldarg_1);
        il.Emit(OpCodes.Call, StateGetter);
        emitValue();
        il.Emit(OpCodes.Call, SpSetter);
    }

    /// <summary>ExtendReg for a register offset: UXTW (2), LSL/UXTX (3), SXTW (6), SXTX (7).</summary>
    private static void EmitExtend(ILGenerator il, int option)
    {
        switch (option)
        {
            case 2:
                il.Emit(OpCodes.Conv_U4);
                il.Emit(OpCodes.Conv_U8);
                break;
            case 6:
                il.Emit(OpCodes.Conv_I4);
                il.Emit(OpCodes.Conv_I8);
                break;
        }
    }

    /// <summary>Pushes entry->Addend + va.</summary>
    private static void EmitHostAddress(ILGenerator il, LocalBuilder entry, LocalBuilder va)
    {
        il.Emit(OpCodes.Ldloc, entry);
        il.Emit(OpCodes.Ldc_I4, 24); // Addend
        il.Emit(OpCodes.Add);
        il.Emit(OpCodes.Ldind_I);
        il.Emit(OpCodes.Ldloc, va);
        il.Emit(OpCodes.Conv_U);
        il.Emit(OpCodes.Add);
    }
}
