using System.Reflection;
using System.Reflection.Emit;
using Armvisor.Engine.Interpreter.Instructions;
using Armvisor.Engine.Interpreter.Memory;

namespace Armvisor.Engine.Interpreter.Execution;

/// <summary>
/// Inline IL for LDR/STR of W and X registers with an immediate offset or an LSL-scaled register offset: the soft-TLB
/// fast path of <see cref="InterpreterVcpu.TryRead{T}"/> (tag compare including the alignment bits, then a host access).
/// A miss calls the instruction's handler, which redoes the whole access through the slow path — nothing is modified
/// before the fast path succeeds, so the instruction stays atomic.
/// </summary>
internal static unsafe partial class BlockCompiler
{
    private static readonly FieldInfo DataTlbField = typeof(InterpreterVcpu).GetField("_dataTlb", BindingFlags.NonPublic | BindingFlags.Instance)!;
    private static readonly nint LoadWordOffset = Address(&LoadStoreInstructions.Offset<LoadWord>);
    private static readonly nint LoadDoublewordOffset = Address(&LoadStoreInstructions.Offset<LoadDoubleword>);
    private static readonly nint StoreWordOffset = Address(&LoadStoreInstructions.Offset<StoreWord>);
    private static readonly nint StoreDoublewordOffset = Address(&LoadStoreInstructions.Offset<StoreDoubleword>);
    private static readonly nint LoadWordRegister = Address(&LoadStoreInstructions.RegisterOffset<LoadWord>);
    private static readonly nint LoadDoublewordRegister = Address(&LoadStoreInstructions.RegisterOffset<LoadDoubleword>);
    private static readonly nint StoreWordRegister = Address(&LoadStoreInstructions.RegisterOffset<StoreWord>);
    private static readonly nint StoreDoublewordRegister = Address(&LoadStoreInstructions.RegisterOffset<StoreDoubleword>);

    private static bool TryEmitLoadStore(ILGenerator il, DecodedInstruction* d, int index, LocalBuilder x)
    {
        nint handler = (nint)d->Handler;
        bool registerOffset = handler == LoadWordRegister || handler == LoadDoublewordRegister || handler == StoreWordRegister
            || handler == StoreDoublewordRegister;
        bool immediateOffset = handler == LoadWordOffset || handler == LoadDoublewordOffset || handler == StoreWordOffset
            || handler == StoreDoublewordOffset;
        if ((!registerOffset && !immediateOffset) || d->Rn == 31 || (registerOffset && d->Option != 3))
        {
            return false; // SP base (alignment check) and extended index forms go through the handler
        }

        bool load = handler == LoadWordOffset || handler == LoadDoublewordOffset || handler == LoadWordRegister || handler == LoadDoublewordRegister;
        bool doubleword = handler == LoadDoublewordOffset || handler == StoreDoublewordOffset || handler == LoadDoublewordRegister
            || handler == StoreDoublewordRegister;
        LocalBuilder va = il.DeclareLocal(typeof(ulong));
        LocalBuilder entry = il.DeclareLocal(typeof(byte*));
        Label slow = il.DefineLabel();
        Label done = il.DefineLabel();

        // va = Xn + offset
        EmitLoad(il, x, d->Rn);
        if (registerOffset)
        {
            EmitLoad(il, x, d->Rm);
            if (d->Shift != 0)
            {
                il.Emit(OpCodes.Ldc_I4, (int)d->Shift);
                il.Emit(OpCodes.Shl);
            }
        }
        else
        {
            il.Emit(OpCodes.Ldc_I8, (long)d->Imm);
        }

        il.Emit(OpCodes.Add);
        il.Emit(OpCodes.Stloc, va);

        // entry = _dataTlb + ((va >> 12) & (Entries - 1))
        il.Emit(OpCodes.Ldarg_0);
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

        // if (tag != (va & (PageMask | size - 1))) goto slow
        il.Emit(OpCodes.Ldloc, entry);
        if (!load)
        {
            il.Emit(OpCodes.Ldc_I4, 8); // WriteTag
            il.Emit(OpCodes.Add);
        }

        il.Emit(OpCodes.Ldind_I8);
        il.Emit(OpCodes.Ldloc, va);
        il.Emit(OpCodes.Ldc_I8, (long)(InterpreterConstants.PageMask | (doubleword ? 7UL : 3UL)));
        il.Emit(OpCodes.And);
        il.Emit(OpCodes.Bne_Un, slow);

        if (load)
        {
            EmitStore(il, x, d->Rd, () =>
            {
                EmitHostAddress(il, entry, va);
                if (doubleword)
                {
                    il.Emit(OpCodes.Ldind_I8);
                }
                else
                {
                    il.Emit(OpCodes.Ldind_U4);
                    il.Emit(OpCodes.Conv_U8);
                }
            });
        }
        else
        {
            EmitHostAddress(il, entry, va);
            EmitLoad(il, x, d->Rd);
            if (doubleword)
            {
                il.Emit(OpCodes.Stind_I8);
            }
            else
            {
                il.Emit(OpCodes.Conv_U4);
                il.Emit(OpCodes.Stind_I4);
            }
        }

        il.Emit(OpCodes.Br, done);
        il.MarkLabel(slow);
        EmitHandlerCall(il, d, index);
        il.MarkLabel(done);
        return true;
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
