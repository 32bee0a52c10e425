using Armvisor.Engine.Interpreter;
using Armvisor.Engine.A64.Decoding;
using Armvisor.Engine.Execution;
using Armvisor.Engine.A64.Instructions;
using Iced.Intel;
using static Iced.Intel.AssemblerRegisters;

namespace Armvisor.Engine.Native;

/// <summary>Which row a record is, and the register-file helpers every emitter uses.</summary>
internal sealed unsafe partial class NativeBlockTranslator
{
    /// <summary>The record's group: from its row in the encoding table (and the row's handler, so a record whose Prepare
    /// refused the encoding — now UNDEFINED — is not translated), loads and stores from the compiled tier's access map.</summary>
    internal static NativeForm Classify(DecodedInstruction* d)
    {
        NativeForm form = ClassifyInline(d);
        return form != NativeForm.None || IsWaitHint(d) ? form : NativeForm.Helper;
    }

    /// <summary>Whether the record has a translation of its own (not a <see cref="NativeForm.Helper"/> call).</summary>
    internal static bool HasInlineTranslation(DecodedInstruction* d) => ClassifyInline(d) != NativeForm.None;

    /// <summary>WFE, WFI, SEV, SEVL: they wait or wake other vCPUs, so they stay with the run loop.</summary>
    private static bool IsWaitHint(DecodedInstruction* d) =>
        (nint)d->Handler != NopHandler && A64Decoder.Find(d->Raw)?.Mnemonic == "HINT";

    private static readonly nint NopHandler = (nint)(delegate* managed<InterpreterVcpu, DecodedInstruction*, bool>)&HintInstructions.Nop;
    private static readonly nint LdpWordHandler = (nint)(delegate* managed<InterpreterVcpu, DecodedInstruction*, bool>)&LoadStorePairInstructions.LdpWord;
    private static readonly nint LdpswHandler = (nint)(delegate* managed<InterpreterVcpu, DecodedInstruction*, bool>)&LoadStorePairInstructions.Ldpsw;
    private static readonly nint StpWordHandler = (nint)(delegate* managed<InterpreterVcpu, DecodedInstruction*, bool>)&LoadStorePairInstructions.StpWord;

    private static NativeForm ClassifyInline(DecodedInstruction* d)
    {
        nint handler = (nint)d->Handler;
        bool writeBack = (d->Flags & InstructionFlags.WriteBack) != 0;
        if (BlockCompiler.InlineAccesses.TryGetValue(handler, out (BlockCompiler.InlineMode Mode, int Size, bool Load, bool Signed) access))
        {
            bool indexed = access.Mode is BlockCompiler.InlineMode.PreIndex or BlockCompiler.InlineMode.PostIndex;
            // Write-back with Rn == Rt is CONSTRAINED UNPREDICTABLE (DDI0487 K1.2.x): the handler's choice stays.
            return indexed && d->Rn == d->Rd ? NativeForm.None : NativeForm.LoadStore;
        }

        if (SimdAccesses.ContainsKey(handler))
        {
            return NativeForm.LoadStoreSimd;
        }

        if (handler == BlockCompiler.LdpDoublewordHandler || handler == BlockCompiler.StpDoublewordHandler)
        {
            bool load = handler == BlockCompiler.LdpDoublewordHandler;
            return (load && d->Rd == d->Ra) || (writeBack && d->Rn != 31 && (d->Rn == d->Rd || d->Rn == d->Ra))
                ? NativeForm.None
                : NativeForm.LoadStorePair;
        }

        if (handler == LdpWordHandler || handler == LdpswHandler || handler == StpWordHandler)
        {
            bool load = handler != StpWordHandler;
            return (load && d->Rd == d->Ra) || (writeBack && d->Rn != 31 && (d->Rn == d->Rd || d->Rn == d->Ra))
                ? NativeForm.None
                : NativeForm.LoadStorePairWord;
        }

        A64Encoding? encoding = A64Decoder.Find(d->Raw);
        if (encoding == null || (nint)encoding.Handler != handler)
        {
            return NativeForm.None;
        }

        return encoding.Mnemonic switch
        {
            "ADD_imm" or "ADDS_imm" or "SUB_imm" or "SUBS_imm" => NativeForm.AddSubImmediate,
            "AND_imm" or "ORR_imm" or "EOR_imm" or "ANDS_imm" => NativeForm.LogicalImmediate,
            "MOVZ" or "MOVN" or "MOVK" => NativeForm.MoveWide,
            "ADR" or "ADRP" => NativeForm.Adr,
            "UBFM" => NativeForm.UnsignedBitfield,
            "SBFM" => NativeForm.SignedBitfield,
            "EXTR" => NativeForm.Extract,
            "ADD_sh" or "ADDS_sh" or "SUB_sh" or "SUBS_sh" => NativeForm.AddSubShifted,
            "ADD_ext" or "ADDS_ext" or "SUB_ext" or "SUBS_ext" => NativeForm.AddSubExtended,
            "CCMN_reg" or "CCMP_reg" or "CCMN_imm" or "CCMP_imm" => NativeForm.ConditionalCompare,
            "HINT" => NativeForm.Hint, // the handler is still Nop: NOP, YIELD, hints without effect here (not WFE/WFI/SEV/SEVL)
            "AND_sh" or "BIC_sh" or "ORR_sh" or "ORN_sh" or "EOR_sh" or "EON_sh" or "ANDS_sh" or "BICS_sh" => NativeForm.LogicalShifted,
            "CSEL" or "CSINC" or "CSINV" or "CSNEG" => NativeForm.ConditionalSelect,
            "MADD" or "MSUB" => NativeForm.MultiplyAdd,
            "LSLV" or "LSRV" or "ASRV" or "RORV" => NativeForm.ShiftVariable,
            "UDIV" or "SDIV" => NativeForm.Divide,
            "B" or "BL" => NativeForm.Branch,
            "B_cond" => NativeForm.BranchConditional,
            "CBZ" or "CBNZ" => NativeForm.CompareBranch,
            "TBZ" or "TBNZ" => NativeForm.TestBranch,
            "BR" or "BLR" or "RET" => NativeForm.BranchRegister,
            "MRS" or "MSR_reg" => NativeForm.SystemRegisterMove,
            "DMB" => NativeForm.MemoryBarrier,
            "LDAR" => NativeForm.LoadAcquire,
            "STLR" => NativeForm.StoreRelease,
            // A prefetch with an SP base leaves the SP alignment check to its handler.
            "PRFM_lit" => NativeForm.Prefetch,
            _ when encoding.Mnemonic.StartsWith("PRFM", StringComparison.Ordinal) && d->Rn != 31 => NativeForm.Prefetch,
            _ => ClassifyFpScalar(encoding.Mnemonic, d),
        };
    }

    /// <summary>Emits record <paramref name="index"/>; true when it was the block's branch (it emitted the exits).</summary>
    private bool EmitRecord(DecodedInstruction* d, int index)
    {
        switch (Classify(d))
        {
            case NativeForm.AddSubImmediate: EmitAddSubImmediate(d); return false;
            case NativeForm.LogicalImmediate: EmitLogicalImmediate(d); return false;
            case NativeForm.MoveWide: EmitMoveWide(d); return false;
            case NativeForm.Adr: EmitAdr(d); return false;
            case NativeForm.UnsignedBitfield: EmitUnsignedBitfield(d); return false;
            case NativeForm.SignedBitfield: EmitSignedBitfield(d); return false;
            case NativeForm.Extract: EmitExtract(d); return false;
            case NativeForm.AddSubShifted: EmitAddSubShifted(d); return false;
            case NativeForm.AddSubExtended: EmitAddSubExtended(d); return false;
            case NativeForm.ConditionalCompare: EmitConditionalCompare(d); return false;
            case NativeForm.Hint: return false;
            case NativeForm.LogicalShifted: EmitLogicalShifted(d); return false;
            case NativeForm.ConditionalSelect: EmitConditionalSelect(d); return false;
            case NativeForm.MultiplyAdd: EmitMultiplyAdd(d); return false;
            case NativeForm.ShiftVariable: EmitShiftVariable(d); return false;
            case NativeForm.Divide: EmitDivide(d); return false;
            case NativeForm.LoadStore: EmitLoadStore(d, index); return false;
            case NativeForm.LoadStorePair: EmitLoadStorePair(d, index); return false;
            case NativeForm.LoadStoreSimd: EmitLoadStoreSimd(d, index); return false;
            case NativeForm.LoadStorePairWord: EmitLoadStorePairWord(d, index); return false;
            case NativeForm.LoadAcquire: EmitLoadAcquire(d, index); return false;
            case NativeForm.StoreRelease: EmitStoreRelease(d, index); return false;
            case NativeForm.SystemRegisterMove: EmitSystemRegisterMove(d, index); return false;
            case NativeForm.MemoryBarrier: EmitMemoryBarrier(d); return false;
            case NativeForm.Prefetch: return false;
            case NativeForm.FpArithmetic: EmitFpArithmetic(d, index, Mnemonic(d)); return false;
            case NativeForm.FpMulAdd: EmitFpMulAdd(d, index); return false;
            case NativeForm.FpCompare: EmitFpCompare(d, index); return false;
            case NativeForm.FpMove: EmitFpMove(d, index, Mnemonic(d)); return false;
            case NativeForm.FpMoveGeneral: EmitFpMoveGeneral(d, index, Mnemonic(d)); return false;
            case NativeForm.FpConvert: EmitFpConvert(d, index, Mnemonic(d)); return false;
            case NativeForm.Helper: return EmitHelper(d, index);
            case NativeForm.Branch: EmitBranch(d, index); return true;
            case NativeForm.BranchConditional: EmitBranchConditional(d, index); return true;
            case NativeForm.CompareBranch: EmitCompareBranch(d, index); return true;
            case NativeForm.TestBranch: EmitTestBranch(d, index); return true;
            case NativeForm.BranchRegister: EmitBranchRegister(d, index); return true;
            default: throw new InvalidOperationException($"record at 0x{d->Pc:X} has no native translation");
        }
    }

    /// <summary>The record's row name (Classify found the row).</summary>
    private static string Mnemonic(DecodedInstruction* d) => A64Decoder.Find(d->Raw)!.Mnemonic;

    private static bool Is64(DecodedInstruction* d) => (d->Flags & InstructionFlags.Is64) != 0;

    private static int XOffset(int n) => n * 8;

    /// <summary>reg = Xn (XZR for 31).</summary>
    private void LoadX(AssemblerRegister64 reg, int n)
    {
        if (n == 31)
        {
            _a.xor(Low32(reg), Low32(reg));
        }
        else
        {
            _a.mov(reg, __qword_ptr[rsi + XOffset(n)]);
        }
    }

    /// <summary>reg = Xn, or SP for 31.</summary>
    private void LoadXOrSp(AssemblerRegister64 reg, int n)
    {
        if (n == 31)
        {
            _a.mov(reg, __qword_ptr[rdi + NativeContext.SpOffset]);
        }
        else
        {
            _a.mov(reg, __qword_ptr[rsi + XOffset(n)]);
        }
    }

    /// <summary>Xd = reg; a write to XZR (31) is discarded.</summary>
    private void StoreX(int n, AssemblerRegister64 reg)
    {
        if (n != 31)
        {
            _a.mov(__qword_ptr[rsi + XOffset(n)], reg);
        }
    }

    /// <summary>Xd = reg, or SP for 31.</summary>
    private void StoreXOrSp(int n, AssemblerRegister64 reg)
    {
        if (n == 31)
        {
            _a.mov(__qword_ptr[rdi + NativeContext.SpOffset], reg);
        }
        else
        {
            _a.mov(__qword_ptr[rsi + XOffset(n)], reg);
        }
    }

    private static AssemblerRegister32 Low32(AssemblerRegister64 reg) => reg.Value switch
    {
        Register.RAX => eax,
        Register.RCX => ecx,
        Register.RDX => edx,
        Register.R8 => r8d,
        Register.R9 => r9d,
        Register.R10 => r10d,
        Register.R11 => r11d,
        _ => throw new ArgumentOutOfRangeException(nameof(reg)),
    };

    /// <summary>
    /// PSTATE.NZCV from the x86 flags of the operation just emitted (DDI0487 C6.2.5 AddWithCarry): N = SF, Z = ZF,
    /// V = OF, C = CF for an addition and NOT CF for a subtraction (x86's CF is the borrow, Arm's C its complement);
    /// x86 logical operations clear CF and OF, as ANDS/BICS/TST clear C and V.
    /// </summary>
    private void StoreFlags(bool subtraction)
    {
        _a.sets(r8b);
        _a.sete(r9b);
        if (subtraction)
        {
            _a.setae(r10b);
        }
        else
        {
            _a.setb(r10b);
        }

        _a.seto(r11b);
        _a.movzx(r8d, r8b);
        _a.shl(r8d, 31);
        _a.movzx(r9d, r9b);
        _a.shl(r9d, 30);
        _a.or(r8d, r9d);
        _a.movzx(r10d, r10b);
        _a.shl(r10d, 29);
        _a.or(r8d, r10d);
        _a.movzx(r11d, r11b);
        _a.shl(r11d, 28);
        _a.or(r8d, r11d);
        _a.mov(__dword_ptr[rdi + NativeContext.NzcvOffset], r8d);
    }

    /// <summary>
    /// Tests the packed NZCV for A64 condition <paramref name="cond"/> (DDI0487 C1.2.4, ConditionHolds) and returns the x86
    /// condition that is true when it holds. Clobbers eax, ecx and the flags.
    /// </summary>
    private X86Condition TestCondition(int cond)
    {
        int baseCondition = cond >> 1;
        if (baseCondition == 7)
        {
            return X86Condition.Always; // AL and NV both always hold in A64
        }

        _a.mov(eax, __dword_ptr[rdi + NativeContext.NzcvOffset]);
        X86Condition holds;
        switch (baseCondition)
        {
            case 0: // EQ: Z
                _a.test(eax, 0x4000_0000);
                holds = X86Condition.NotEqual;
                break;
            case 1: // CS: C
                _a.test(eax, 0x2000_0000);
                holds = X86Condition.NotEqual;
                break;
            case 2: // MI: N
                _a.test(eax, eax);
                holds = X86Condition.Sign;
                break;
            case 3: // VS: V
                _a.test(eax, 0x1000_0000);
                holds = X86Condition.NotEqual;
                break;
            case 4: // HI: C && !Z
                _a.and(eax, 0x6000_0000);
                _a.cmp(eax, 0x2000_0000);
                holds = X86Condition.Equal;
                break;
            case 5: // GE: N == V
                _a.mov(ecx, eax);
                _a.shr(ecx, 3);
                _a.xor(ecx, eax);
                _a.test(ecx, 0x1000_0000);
                holds = X86Condition.Equal;
                break;
            default: // GT: !Z && N == V
                _a.mov(ecx, eax);
                _a.shr(ecx, 3);
                _a.xor(ecx, eax);
                _a.and(ecx, 0x1000_0000);
                _a.and(eax, 0x4000_0000);
                _a.or(ecx, eax);
                holds = X86Condition.Equal;
                break;
        }

        return (cond & 1) != 0 ? Negate(holds) : holds;
    }

    private static X86Condition Negate(X86Condition condition) => condition switch
    {
        X86Condition.Equal => X86Condition.NotEqual,
        X86Condition.NotEqual => X86Condition.Equal,
        X86Condition.Sign => X86Condition.NotSign,
        X86Condition.NotSign => X86Condition.Sign,
        _ => throw new ArgumentOutOfRangeException(nameof(condition)),
    };

    private void JumpIf(X86Condition condition, Label target)
    {
        switch (condition)
        {
            case X86Condition.Always: _a.jmp(target); break;
            case X86Condition.Equal: _a.je(target); break;
            case X86Condition.NotEqual: _a.jne(target); break;
            case X86Condition.Sign: _a.js(target); break;
            default: _a.jns(target); break;
        }
    }

    private void MoveIf(X86Condition condition, AssemblerRegister64 destination, AssemblerRegister64 source)
    {
        switch (condition)
        {
            case X86Condition.Always: _a.mov(destination, source); break;
            case X86Condition.Equal: _a.cmove(destination, source); break;
            case X86Condition.NotEqual: _a.cmovne(destination, source); break;
            case X86Condition.Sign: _a.cmovs(destination, source); break;
            default: _a.cmovns(destination, source); break;
        }
    }
}
