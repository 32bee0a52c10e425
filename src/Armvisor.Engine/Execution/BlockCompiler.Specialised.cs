using System.Reflection;
using System.Reflection.Emit;
using Armvisor.Engine.A64.Instructions;
using Armvisor.Engine.Interpreter;

namespace Armvisor.Engine.Execution;

/// <summary>
/// Inline IL for the commonest integer instructions, with their operands as constants: register moves, add/sub,
/// logical, move wide, UBFM (LSR/LSL/UBFX) and B.cond. Anything else (flags-setting forms, SP operands, memory) calls
/// its handler. Each emitter follows its handler's pseudocode exactly; CompiledTierTests and the fuzz test at threshold 1
/// check the equivalence.
/// </summary>
internal static unsafe partial class BlockCompiler
{
    private static readonly FieldInfo RegistersField = typeof(InterpreterVcpu).GetField(nameof(InterpreterVcpu.X), BindingFlags.NonPublic | BindingFlags.Instance)!;
    private static readonly MethodInfo StateGetter = typeof(InterpreterVcpu).GetProperty(nameof(InterpreterVcpu.State), BindingFlags.NonPublic | BindingFlags.Instance)!.GetMethod!;
    private static readonly FieldInfo NzcvField = typeof(CpuState).GetField(nameof(CpuState.Nzcv))!;
    private static readonly FieldInfo PcField = typeof(CpuState).GetField(nameof(CpuState.Pc))!;
    private static readonly MethodInfo ConditionHoldsMethod = typeof(Alu).GetMethod(nameof(Alu.ConditionHolds))!;

    private static readonly nint AddImmHandler = Address(&DataProcessingImmediate.AddImm);
    private static readonly nint SubImmHandler = Address(&DataProcessingImmediate.SubImm);
    private static readonly nint MovzHandler = Address(&DataProcessingImmediate.Movz);
    private static readonly nint MovnHandler = Address(&DataProcessingImmediate.Movn);
    private static readonly nint MovkHandler = Address(&DataProcessingImmediate.Movk);
    private static readonly nint UbfmHandler = Address(&DataProcessingImmediate.Ubfm);
    private static readonly nint AddShiftedHandler = Address(&DataProcessingRegister.AddShifted);
    private static readonly nint SubShiftedHandler = Address(&DataProcessingRegister.SubShifted);
    private static readonly nint LogicalHandler = Address(&DataProcessingRegister.Logical);
    private static readonly nint BCondHandler = Address(&BranchInstructions.BCond);
    private static readonly nint AddsImmHandler = Address(&DataProcessingImmediate.AddsImm);
    private static readonly nint SubsImmHandler = Address(&DataProcessingImmediate.SubsImm);
    private static readonly nint AddsShiftedHandler = Address(&DataProcessingRegister.AddsShifted);
    private static readonly nint SubsShiftedHandler = Address(&DataProcessingRegister.SubsShifted);
    private static readonly nint CbzHandler = Address(&BranchInstructions.Cbz);
    private static readonly nint CbnzHandler = Address(&BranchInstructions.Cbnz);
    private static readonly nint ExtrHandler = Address(&DataProcessingImmediate.Extr);
    private static readonly nint AndImmHandler = Address(&DataProcessingImmediate.AndImm);
    private static readonly nint OrrImmHandler = Address(&DataProcessingImmediate.OrrImm);
    private static readonly nint EorImmHandler = Address(&DataProcessingImmediate.EorImm);
    private static readonly nint SbfmHandler = Address(&DataProcessingImmediate.Sbfm);
    private static readonly nint AdrHandler = Address(&DataProcessingImmediate.Adr);
    private static readonly MethodInfo AddWithCarry64Method = typeof(Alu).GetMethod(nameof(Alu.AddWithCarry64))!;
    private static readonly MethodInfo AddWithCarry32Method = typeof(Alu).GetMethod(nameof(Alu.AddWithCarry32))!;

    private static nint Address(delegate* managed<InterpreterVcpu, DecodedInstruction*, bool> handler) => (nint)handler;

    private static readonly FieldInfo AttentionField = typeof(InterpreterVcpu).GetField("_attention", BindingFlags.NonPublic | BindingFlags.Instance)!;
    private static readonly nint BHandler = Address(&BranchInstructions.B);

    private static bool TryEmitSpecialised(ILGenerator il, DecodedInstruction* d, int index, LocalBuilder x, LoopTarget loop)
    {
        if (TryEmitLoadStore(il, d, index, x, loop.Leave) || TryEmitPair(il, d, index, x, loop.Leave) || TryEmitArithmetic(il, d, x))
        {
            return true;
        }

        nint handler = (nint)d->Handler;
        bool is64 = (d->Flags & InstructionFlags.Is64) != 0;
        if (handler == AddImmHandler || handler == SubImmHandler)
        {
            if (d->Rd == 31 || d->Rn == 31)
            {
                return false; // SP forms
            }

            EmitStore(il, x, d->Rd, () =>
            {
                EmitLoad(il, x, d->Rn);
                il.Emit(OpCodes.Ldc_I8, (long)d->Imm);
                il.Emit(handler == AddImmHandler ? OpCodes.Add : OpCodes.Sub);
                Truncate(il, is64);
            });
            return true;
        }

        if (handler == MovzHandler || handler == MovnHandler)
        {
            ulong value = handler == MovzHandler ? d->Imm : is64 ? ~d->Imm : (uint)~d->Imm;
            EmitStore(il, x, d->Rd, () => il.Emit(OpCodes.Ldc_I8, (long)value));
            return true;
        }

        if (handler == MovkHandler)
        {
            EmitStore(il, x, d->Rd, () =>
            {
                EmitLoad(il, x, d->Rd);
                il.Emit(OpCodes.Ldc_I8, (long)~(0xFFFFUL << d->Shift));
                il.Emit(OpCodes.And);
                il.Emit(OpCodes.Ldc_I8, (long)d->Imm);
                il.Emit(OpCodes.Or);
                Truncate(il, is64);
            });
            return true;
        }

        if (handler == UbfmHandler)
        {
            // ROR(src, R) AND wmask AND tmask, in the operation's width.
            int rotate = d->Shift;
            ulong mask = is64 ? d->Imm & d->Imm2 : (uint)d->Imm & (uint)d->Imm2;
            EmitStore(il, x, d->Rd, () =>
            {
                EmitLoad(il, x, d->Rn);
                if (!is64)
                {
                    il.Emit(OpCodes.Conv_U4);
                    il.Emit(OpCodes.Conv_U8);
                }

                EmitRotateRight(il, rotate, is64 ? 64 : 32);
                il.Emit(OpCodes.Ldc_I8, (long)mask);
                il.Emit(OpCodes.And);
            });
            return true;
        }

        if (handler == AddShiftedHandler || handler == SubShiftedHandler || handler == LogicalHandler)
        {
            return EmitShiftedRegister(il, d, x, handler == LogicalHandler, handler == SubShiftedHandler, is64);
        }

        if (handler == AndImmHandler || handler == OrrImmHandler || handler == EorImmHandler)
        {
            if (d->Rd == 31)
            {
                return false; // Rd is SP in these forms
            }

            OpCode operation = handler == AndImmHandler ? OpCodes.And : handler == OrrImmHandler ? OpCodes.Or : OpCodes.Xor;
            EmitStore(il, x, d->Rd, () =>
            {
                EmitLoad(il, x, d->Rn);
                il.Emit(OpCodes.Ldc_I8, (long)d->Imm);
                il.Emit(operation);
                Truncate(il, is64);
            });
            return true;
        }

        if (handler == ExtrHandler)
        {
            // EXTR (and ROR #imm): bits [lsb + width - 1 : lsb] of Rn:Rm.
            int lsb = d->Shift;
            EmitStore(il, x, d->Rd, () =>
            {
                if (is64)
                {
                    EmitLoad(il, x, d->Rm);
                    if (lsb != 0)
                    {
                        il.Emit(OpCodes.Ldc_I4, lsb);
                        il.Emit(OpCodes.Shr_Un);
                        EmitLoad(il, x, d->Rn);
                        il.Emit(OpCodes.Ldc_I4, 64 - lsb);
                        il.Emit(OpCodes.Shl);
                        il.Emit(OpCodes.Or);
                    }
                }
                else
                {
                    EmitLoad(il, x, d->Rn);
                    il.Emit(OpCodes.Ldc_I4, 32);
                    il.Emit(OpCodes.Shl);
                    EmitLoad(il, x, d->Rm);
                    il.Emit(OpCodes.Conv_U4);
                    il.Emit(OpCodes.Conv_U8);
                    il.Emit(OpCodes.Or);
                    il.Emit(OpCodes.Ldc_I4, lsb);
                    il.Emit(OpCodes.Shr_Un);
                    il.Emit(OpCodes.Conv_U4);
                    il.Emit(OpCodes.Conv_U8);
                }
            });
            return true;
        }

        if (handler == SbfmHandler)
        {
            // SBFM (ASR, SXTB/H/W, SBFX, SBFIZ): (Replicate(src[S]) AND NOT tmask) OR (ROR(src, R) AND wmask AND tmask).
            int rotate = d->Shift, top = d->Option;
            ulong wmask = d->Imm, tmask = d->Imm2;
            EmitStore(il, x, d->Rd, () =>
            {
                EmitLoad(il, x, d->Rn);
                il.Emit(OpCodes.Ldc_I4, 63 - top);
                il.Emit(OpCodes.Shl);
                il.Emit(OpCodes.Ldc_I4, 63);
                il.Emit(OpCodes.Shr);
                il.Emit(OpCodes.Ldc_I8, (long)~tmask);
                il.Emit(OpCodes.And);
                EmitLoad(il, x, d->Rn);
                if (!is64)
                {
                    il.Emit(OpCodes.Conv_U4);
                    il.Emit(OpCodes.Conv_U8);
                }

                EmitRotateRight(il, rotate, is64 ? 64 : 32);
                il.Emit(OpCodes.Ldc_I8, (long)(wmask & tmask));
                il.Emit(OpCodes.And);
                il.Emit(OpCodes.Or);
                Truncate(il, is64);
            });
            return true;
        }

        if (handler == AdrHandler)
        {
            EmitStore(il, x, d->Rd, () => il.Emit(OpCodes.Ldc_I8, (long)d->Imm));
            return true;
        }

        if (handler == AddsImmHandler || handler == SubsImmHandler)
        {
            if (d->Rn == 31)
            {
                return false; // SP operand
            }

            bool subtract = handler == SubsImmHandler;
            EmitFlagSetting(il, x, d->Rd, is64, subtract, () => EmitLoad(il, x, d->Rn), () => il.Emit(OpCodes.Ldc_I8, (long)d->Imm));
            return true;
        }

        if (handler == AddsShiftedHandler || handler == SubsShiftedHandler)
        {
            if (d->Option == 3)
            {
                return false;
            }

            int type = d->Option, amount = d->Shift;
            EmitFlagSetting(il, x, d->Rd, is64, handler == SubsShiftedHandler, () => EmitLoad(il, x, d->Rn), () =>
            {
                EmitLoad(il, x, d->Rm);
                EmitShift(il, type, amount, is64);
            });
            return true;
        }

        if (handler == CbzHandler || handler == CbnzHandler)
        {
            Label notTaken = il.DefineLabel();
            EmitLoad(il, x, d->Rd);
            Truncate(il, is64);
            il.Emit(OpCodes.Ldc_I8, 0L);
            il.Emit(handler == CbzHandler ? OpCodes.Bne_Un : OpCodes.Beq, notTaken);
            EmitTakenBranch(il, d->Imm, index, loop);
            il.MarkLabel(notTaken);
            return true;
        }

        if (handler == BHandler)
        {
            EmitTakenBranch(il, d->Imm, index, loop);
            return true;
        }

        if (handler == BCondHandler)
        {
            Label notTaken = il.DefineLabel();
            il.Emit(OpCodes.Ldc_I4, (int)d->Option);
            il.Emit(OpCodes.Ldarg_1);
            il.Emit(OpCodes.Call, StateGetter);
            il.Emit(OpCodes.Ldfld, NzcvField);
            il.Emit(OpCodes.Call, ConditionHoldsMethod);
            il.Emit(OpCodes.Brfalse, notTaken);
            EmitTakenBranch(il, d->Imm, index, loop);
            il.MarkLabel(notTaken);
            return true;
        }

        return false;
    }

    /// <summary>ADD/SUB (shifted register) and the non-flag-setting logical forms: Rn op (Rm shift #amount).</summary>
    private static bool EmitShiftedRegister(ILGenerator il, DecodedInstruction* d, LocalBuilder x, bool logical, bool subtract, bool is64)
    {
        int opc = (int)(d->Raw >> 29) & 3;
        if (logical && opc == 3)
        {
            return false; // ANDS/BICS set flags
        }

        bool invert = logical && ((d->Raw >> 21) & 1) != 0;
        int type = d->Option, amount = d->Shift;
        EmitStore(il, x, d->Rd, () =>
        {
            EmitLoad(il, x, d->Rn);
            EmitLoad(il, x, d->Rm);
            EmitShift(il, type, amount, is64);

            if (invert)
            {
                il.Emit(OpCodes.Not);
            }

            il.Emit(logical
                ? opc switch
                {
                    0 => OpCodes.And,
                    1 => OpCodes.Or,
                    _ => OpCodes.Xor,
                }
                : subtract ? OpCodes.Sub : OpCodes.Add);
            Truncate(il, is64);
        });
        return true;
    }

    /// <summary>ShiftReg on the (zero-extended, for 32-bit) value on the stack: LSL, LSR, ASR, ROR by a constant.</summary>
    private static void EmitShift(ILGenerator il, int type, int amount, bool is64)
    {
        if (!is64)
        {
            il.Emit(OpCodes.Conv_U4);
            il.Emit(OpCodes.Conv_U8);
        }

        if (amount == 0)
        {
            return;
        }

        switch (type)
        {
            case 0:
                il.Emit(OpCodes.Ldc_I4, amount);
                il.Emit(OpCodes.Shl);
                break;
            case 1:
                il.Emit(OpCodes.Ldc_I4, amount);
                il.Emit(OpCodes.Shr_Un);
                break;
            case 2:
                if (!is64)
                {
                    il.Emit(OpCodes.Ldc_I4, 32);
                    il.Emit(OpCodes.Shl);
                    il.Emit(OpCodes.Ldc_I4, 32 + amount);
                }
                else
                {
                    il.Emit(OpCodes.Ldc_I4, amount);
                }

                il.Emit(OpCodes.Shr);
                break;
            default:
                EmitRotateRight(il, amount, is64 ? 64 : 32);
                break;
        }
    }

    /// <summary>
    /// ADDS/SUBS: Xd = AddWithCarry(n, m or NOT m, 0 or 1) and NZCV from it (the handlers' helper, so flags are identical).
    /// </summary>
    private static void EmitFlagSetting(ILGenerator il, LocalBuilder x, int rd, bool is64, bool subtract, Action emitN, Action emitM)
    {
        LocalBuilder nzcv = il.DeclareLocal(typeof(uint));
        EmitStore(il, x, rd, () =>
        {
            emitN();
            if (!is64)
            {
                il.Emit(OpCodes.Conv_U4);
            }

            emitM();
            if (!is64)
            {
                il.Emit(OpCodes.Conv_U4);
            }

            if (subtract)
            {
                il.Emit(OpCodes.Not);
            }

            if (is64)
            {
                il.Emit(OpCodes.Ldc_I8, subtract ? 1L : 0L);
            }
            else
            {
                il.Emit(OpCodes.Ldc_I4, subtract ? 1 : 0);
            }

            il.Emit(OpCodes.Ldloca, nzcv);
            il.Emit(OpCodes.Call, is64 ? AddWithCarry64Method : AddWithCarry32Method);
            if (!is64)
            {
                il.Emit(OpCodes.Conv_U8);
            }
        });
        il.Emit(OpCodes.Ldarg_1);
        il.Emit(OpCodes.Call, StateGetter);
        il.Emit(OpCodes.Ldloc, nzcv);
        il.Emit(OpCodes.Stfld, NzcvField);
    }

    /// <summary>
    /// A taken branch: PC = target, the records up to this one retired, leave the block. A branch back to the block's
    /// own start loops inside the method instead while no attention is pending, the code is unchanged and the iteration
    /// budget lasts.
    /// </summary>
    private static void EmitTakenBranch(ILGenerator il, ulong target, int index, LoopTarget loop)
    {
        if (target == loop.Start)
        {
            Label leave = il.DefineLabel();
            il.Emit(OpCodes.Ldloc, loop.Iterations);
            il.Emit(OpCodes.Ldc_I4_1);
            il.Emit(OpCodes.Sub);
            il.Emit(OpCodes.Dup);
            il.Emit(OpCodes.Stloc, loop.Iterations);
            il.Emit(OpCodes.Brfalse, leave);
            il.Emit(OpCodes.Ldarg_1);
            il.Emit(OpCodes.Volatile);
            il.Emit(OpCodes.Ldfld, AttentionField);
            il.Emit(OpCodes.Brtrue, leave);
            il.Emit(OpCodes.Ldc_I8, (long)loop.VersionAddress);
            il.Emit(OpCodes.Conv_U);
            il.Emit(OpCodes.Volatile);
            il.Emit(OpCodes.Ldind_I4);
            il.Emit(OpCodes.Ldc_I4, loop.Version);
            il.Emit(OpCodes.Bne_Un, leave);
            il.Emit(OpCodes.Ldarg_1);
            il.Emit(OpCodes.Ldc_I4, index + 1);
            il.Emit(OpCodes.Call, StopMethod);
            il.Emit(OpCodes.Br, loop.Label);
            il.MarkLabel(leave);
        }

        il.Emit(OpCodes.Ldarg_1);
        il.Emit(OpCodes.Call, StateGetter);
        il.Emit(OpCodes.Ldc_I8, (long)target);
        il.Emit(OpCodes.Stfld, PcField);
        il.Emit(OpCodes.Ldarg_1);
        il.Emit(OpCodes.Ldc_I4, index + 1);
        il.Emit(OpCodes.Call, StopMethod);
        il.Emit(OpCodes.Br, loop.Leave);
    }

    /// <summary>Rotates the zero-extended value on the stack right by <paramref name="amount"/> within <paramref name="width"/> bits.</summary>
    private static void EmitRotateRight(ILGenerator il, int amount, int width)
    {
        if (amount == 0)
        {
            return;
        }

        LocalBuilder value = il.DeclareLocal(typeof(ulong));
        il.Emit(OpCodes.Stloc, value);
        il.Emit(OpCodes.Ldloc, value);
        il.Emit(OpCodes.Ldc_I4, amount);
        il.Emit(OpCodes.Shr_Un);
        il.Emit(OpCodes.Ldloc, value);
        il.Emit(OpCodes.Ldc_I4, width - amount);
        il.Emit(OpCodes.Shl);
        il.Emit(OpCodes.Or);
        if (width == 32)
        {
            il.Emit(OpCodes.Conv_U4);
            il.Emit(OpCodes.Conv_U8);
        }
    }

    /// <summary>Zero-extends a 32-bit result (W register writes clear bits [63:32]).</summary>
    private static void Truncate(ILGenerator il, bool is64)
    {
        if (!is64)
        {
            il.Emit(OpCodes.Conv_U4);
            il.Emit(OpCodes.Conv_U8);
        }
    }

    /// <summary>The register cache of the block being compiled on this thread (<see cref="Compile"/> sets it).</summary>
    [ThreadStatic]
    private static RegisterCache? t_registers;

    /// <summary>Pushes Xn (XZR reads 0), from the block's register cache.</summary>
    private static void EmitLoad(ILGenerator il, LocalBuilder x, int n)
    {
        if (n == 31)
        {
            il.Emit(OpCodes.Ldc_I8, 0L);
            return;
        }

        t_registers!.Load(n);
    }

    /// <summary>Xd = value; writes to XZR are discarded (the value is still computed, then dropped).</summary>
    private static void EmitStore(ILGenerator il, LocalBuilder x, int d, Action emitValue)
    {
        emitValue();
        if (d == 31)
        {
            il.Emit(OpCodes.Pop);
            return;
        }

        t_registers!.Store(d);
    }
}
