using System.Reflection.Emit;
using Armvisor.Engine.A64.Instructions;
using Armvisor.Engine.Interpreter;

namespace Armvisor.Engine.Execution;

/// <summary>
/// Inline IL for LDP/STP of two Doublewords (offset, pre- and post-index; DDI0487 C6.2.163 LDP, C6.2.321 STP), the
/// commonest memory instructions of compiled kernel code (every function's prologue and epilogue). The fast path needs
/// both Doublewords in one RAM page that hits the data TLB, 8-byte aligned; anything else — a page crossing, a miss,
/// a misaligned SP, a code page for stores — calls the handler, which does the whole access and its faults. Nothing
/// is written before the fast path has passed its checks, so the instruction stays whole.
/// </summary>
internal static unsafe partial class BlockCompiler
{
    internal static readonly nint LdpDoublewordHandler = Address(&LoadStorePairInstructions.LdpDoubleword);
    internal static readonly nint StpDoublewordHandler = Address(&LoadStorePairInstructions.StpDoubleword);

    private static bool TryEmitPair(ILGenerator il, DecodedInstruction* d, int index, LocalBuilder x, Label leave)
    {
        nint handler = (nint)d->Handler;
        bool load = handler == LdpDoublewordHandler;
        if (!load && handler != StpDoublewordHandler)
        {
            return false;
        }

        bool writeBack = (d->Flags & InstructionFlags.WriteBack) != 0;
        bool postIndex = (d->Flags & InstructionFlags.PostIndex) != 0;
        if ((load && d->Rd == d->Ra) || (writeBack && d->Rn != 31 && (d->Rn == d->Rd || d->Rn == d->Ra)))
        {
            return false; // CONSTRAINED UNPREDICTABLE (DDI0487 K1.2.x): keep the handler's choice
        }

        LocalBuilder va = il.DeclareLocal(typeof(ulong));
        LocalBuilder entry = il.DeclareLocal(typeof(byte*));
        LocalBuilder host = il.DeclareLocal(typeof(byte*));
        Label slow = il.DefineLabel();

        // va = Xn|SP + offset (post-index: Xn|SP); a misaligned SP goes to the handler, which checks SCTLR_EL1.SA/SA0.
        EmitLoadBase(il, x, d->Rn, slow);
        if (!postIndex)
        {
            il.Emit(OpCodes.Ldc_I8, (long)d->Imm);
            il.Emit(OpCodes.Add);
        }

        il.Emit(OpCodes.Stloc, va);

        // Both Doublewords in va's page: (va & 0xFFF) <= 0xFF0.
        il.Emit(OpCodes.Ldloc, va);
        il.Emit(OpCodes.Ldc_I8, (long)InterpreterConstants.PageOffsetMask);
        il.Emit(OpCodes.And);
        il.Emit(OpCodes.Ldc_I8, (long)(InterpreterConstants.PageSize - 16));
        il.Emit(OpCodes.Bgt_Un, slow);
        EmitTlbHit(il, va, entry, load, alignmentMask: 7, slow);
        EmitHostAddress(il, entry, va);
        il.Emit(OpCodes.Stloc, host);

        if (load)
        {
            // Both read before either register is written (the handler's order too).
            LocalBuilder second = il.DeclareLocal(typeof(ulong));
            il.Emit(OpCodes.Ldloc, host);
            il.Emit(OpCodes.Ldc_I4_8);
            il.Emit(OpCodes.Add);
            il.Emit(OpCodes.Ldind_I8);
            il.Emit(OpCodes.Stloc, second);
            EmitStore(il, x, d->Rd, () =>
            {
                il.Emit(OpCodes.Ldloc, host);
                il.Emit(OpCodes.Ldind_I8);
            });
            EmitStore(il, x, d->Ra, () => il.Emit(OpCodes.Ldloc, second));
        }
        else
        {
            il.Emit(OpCodes.Ldloc, host);
            EmitLoad(il, x, d->Rd);
            il.Emit(OpCodes.Stind_I8);
            il.Emit(OpCodes.Ldloc, host);
            il.Emit(OpCodes.Ldc_I4_8);
            il.Emit(OpCodes.Add);
            EmitLoad(il, x, d->Ra);
            il.Emit(OpCodes.Stind_I8);
        }

        EmitWriteBackAndSlowPath(il, d, index, x, va, writeBack, postIndex, slow, leave);
        return true;
    }
}
