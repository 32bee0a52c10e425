using System.Reflection.Emit;
using Armvisor.Engine.A64.Instructions;

namespace Armvisor.Engine.Execution;

/// <summary>
/// Inline IL for MADD/MSUB (MUL, MNEG), UDIV/SDIV and CSEL/CSINC/CSINV/CSNEG, each following its handler in
/// DataProcessingRegister exactly: the 32-bit forms compute on the low words and zero-extend (DDI0487 C6.2 MADD, UDIV,
/// SDIV, CSEL); a division by zero gives 0 and SDIV of the most negative value by -1 gives that value (no host
/// exception: both cases are tested before the host division). CompiledTierTests compares them with the interpreter.
/// </summary>
internal static unsafe partial class BlockCompiler
{
    private static readonly nint MaddHandler = Address(&DataProcessingRegister.Madd);
    private static readonly nint MsubHandler = Address(&DataProcessingRegister.Msub);
    private static readonly nint UdivHandler = Address(&DataProcessingRegister.Udiv);
    private static readonly nint SdivHandler = Address(&DataProcessingRegister.Sdiv);
    private static readonly nint ConditionalSelectHandler = Address(&DataProcessingRegister.ConditionalSelect);

    private static bool TryEmitArithmetic(ILGenerator il, DecodedInstruction* d, LocalBuilder x)
    {
        nint handler = (nint)d->Handler;
        bool is64 = d->Flags != 0;
        if (handler == MaddHandler || handler == MsubHandler)
        {
            EmitStore(il, x, d->Rd, () =>
            {
                EmitLoad(il, x, d->Ra);
                EmitLoad(il, x, d->Rn);
                EmitLoad(il, x, d->Rm);
                il.Emit(OpCodes.Mul);
                il.Emit(handler == MaddHandler ? OpCodes.Add : OpCodes.Sub);
                Truncate(il, is64);
            });
            return true;
        }

        if (handler == UdivHandler || handler == SdivHandler)
        {
            EmitDivide(il, d, x, signed: handler == SdivHandler, is64);
            return true;
        }

        if (handler == ConditionalSelectHandler)
        {
            EmitConditionalSelect(il, d, x, is64);
            return true;
        }

        return false;
    }

    private static void EmitDivide(ILGenerator il, DecodedInstruction* d, LocalBuilder x, bool signed, bool is64)
    {
        LocalBuilder n = il.DeclareLocal(typeof(long)), m = il.DeclareLocal(typeof(long)), r = il.DeclareLocal(typeof(long));
        Label done = il.DefineLabel(), notMinusOne = il.DefineLabel();
        void Operand(int reg, LocalBuilder into)
        {
            EmitLoad(il, x, reg);
            if (!is64)
            {
                il.Emit(signed ? OpCodes.Conv_I4 : OpCodes.Conv_U4);
                il.Emit(signed ? OpCodes.Conv_I8 : OpCodes.Conv_U8);
            }

            il.Emit(OpCodes.Stloc, into);
        }

        Operand(d->Rn, n);
        Operand(d->Rm, m);
        il.Emit(OpCodes.Ldc_I8, 0L);
        il.Emit(OpCodes.Stloc, r);
        il.Emit(OpCodes.Ldloc, m);
        il.Emit(OpCodes.Brfalse, done); // by zero: 0
        if (signed)
        {
            // by -1: the negation, which wraps the most negative value to itself (64-bit; the 32-bit case is
            // truncated below), so the host division never overflows.
            il.Emit(OpCodes.Ldloc, m);
            il.Emit(OpCodes.Ldc_I8, -1L);
            il.Emit(OpCodes.Bne_Un, notMinusOne);
            il.Emit(OpCodes.Ldc_I8, 0L);
            il.Emit(OpCodes.Ldloc, n);
            il.Emit(OpCodes.Sub);
            il.Emit(OpCodes.Stloc, r);
            il.Emit(OpCodes.Br, done);
            il.MarkLabel(notMinusOne);
        }

        il.Emit(OpCodes.Ldloc, n);
        il.Emit(OpCodes.Ldloc, m);
        il.Emit(signed ? OpCodes.Div : OpCodes.Div_Un);
        il.Emit(OpCodes.Stloc, r);
        il.MarkLabel(done);
        EmitStore(il, x, d->Rd, () =>
        {
            il.Emit(OpCodes.Ldloc, r);
            Truncate(il, is64);
        });
    }

    private static void EmitConditionalSelect(ILGenerator il, DecodedInstruction* d, LocalBuilder x, bool is64)
    {
        // Both operands are loaded before the branch: the register cache is compile-time state, so a register first
        // loaded on only one path would read as cached on the other.
        LocalBuilder r = il.DeclareLocal(typeof(ulong)), other = il.DeclareLocal(typeof(ulong));
        Label done = il.DefineLabel();
        EmitLoad(il, x, d->Rn);
        il.Emit(OpCodes.Stloc, r);
        EmitLoad(il, x, d->Rm);
        if (((d->Raw >> 30) & 1) != 0)
        {
            il.Emit(OpCodes.Not); // CSINV, CSNEG
        }

        if (((d->Raw >> 10) & 1) != 0)
        {
            il.Emit(OpCodes.Ldc_I8, 1L); // CSINC, CSNEG
            il.Emit(OpCodes.Add);
        }

        il.Emit(OpCodes.Stloc, other);
        il.Emit(OpCodes.Ldc_I4, (int)d->Option);
        il.Emit(OpCodes.Ldarg_1);
        il.Emit(OpCodes.Call, StateGetter);
        il.Emit(OpCodes.Ldfld, NzcvField);
        il.Emit(OpCodes.Call, ConditionHoldsMethod);
        il.Emit(OpCodes.Brtrue, done);
        il.Emit(OpCodes.Ldloc, other);
        il.Emit(OpCodes.Stloc, r);
        il.MarkLabel(done);
        EmitStore(il, x, d->Rd, () =>
        {
            il.Emit(OpCodes.Ldloc, r);
            Truncate(il, is64);
        });
    }
}
