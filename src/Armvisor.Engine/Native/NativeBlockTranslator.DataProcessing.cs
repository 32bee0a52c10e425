using Armvisor.Engine.Execution;
using static Iced.Intel.AssemblerRegisters;

namespace Armvisor.Engine.Native;

/// <summary>
/// Integer data processing (DDI0487 C4.1.92 immediate, C4.1.95 register). Each emitter computes what its handler in
/// A64/Instructions computes from the same record fields; 32-bit forms use 32-bit x86 operations, whose
/// results x86 zero-extends as A64 does for W registers.
/// </summary>
internal sealed unsafe partial class NativeBlockTranslator
{
    /// <summary>ADD/ADDS/SUB/SUBS (immediate): Rn is Xn|SP; Rd is Xd|SP for ADD/SUB and Xd for the flag-setting forms.</summary>
    private void EmitAddSubImmediate(DecodedInstruction* d)
    {
        uint raw = d->Raw;
        bool subtract = ((raw >> 30) & 1) != 0;
        bool setFlags = ((raw >> 29) & 1) != 0;
        int imm = (int)d->Imm;
        LoadXOrSp(rax, d->Rn);
        if (Is64(d))
        {
            if (subtract)
            {
                _a.sub(rax, imm);
            }
            else
            {
                _a.add(rax, imm);
            }
        }
        else if (subtract)
        {
            _a.sub(eax, imm);
        }
        else
        {
            _a.add(eax, imm);
        }

        if (setFlags)
        {
            StoreFlags(subtract);
            StoreX(d->Rd, rax);
        }
        else
        {
            StoreXOrSp(d->Rd, rax);
        }
    }

    /// <summary>AND/ORR/EOR/ANDS (immediate): Imm is the decoded bitmask; Rd is Xd|SP except for ANDS.</summary>
    private void EmitLogicalImmediate(DecodedInstruction* d)
    {
        int opc = (int)(d->Raw >> 29) & 3;
        LoadX(rax, d->Rn);
        if (Is64(d))
        {
            _a.mov(rcx, d->Imm);
            switch (opc)
            {
                case 1: _a.or(rax, rcx); break;
                case 2: _a.xor(rax, rcx); break;
                default: _a.and(rax, rcx); break;
            }
        }
        else
        {
            _a.mov(ecx, (uint)d->Imm);
            switch (opc)
            {
                case 1: _a.or(eax, ecx); break;
                case 2: _a.xor(eax, ecx); break;
                default: _a.and(eax, ecx); break;
            }
        }

        if (opc == 3)
        {
            StoreFlags(subtraction: false);
            StoreX(d->Rd, rax);
        }
        else
        {
            StoreXOrSp(d->Rd, rax);
        }
    }

    /// <summary>MOVZ/MOVN/MOVK: Imm = imm16 &lt;&lt; hw*16, Shift = hw*16.</summary>
    private void EmitMoveWide(DecodedInstruction* d)
    {
        if (d->Rd == 31)
        {
            return; // the destination is XZR and there is no other effect
        }

        int opc = (int)(d->Raw >> 29) & 3;
        bool is64 = Is64(d);
        if (opc == 3)
        {
            LoadX(rax, d->Rd);
            _a.mov(rcx, ~(0xFFFFUL << d->Shift));
            _a.and(rax, rcx);
            _a.mov(rcx, d->Imm);
            _a.or(rax, rcx);
            if (!is64)
            {
                _a.mov(eax, eax);
            }
        }
        else
        {
            ulong value = opc == 2 ? d->Imm : is64 ? ~d->Imm : (uint)~d->Imm;
            _a.mov(rax, value);
        }

        StoreX(d->Rd, rax);
    }

    /// <summary>ADR/ADRP: the target address was computed at decode time.</summary>
    private void EmitAdr(DecodedInstruction* d)
    {
        if (d->Rd != 31)
        {
            _a.mov(rax, d->Imm);
            StoreX(d->Rd, rax);
        }
    }

    /// <summary>UBFM (DDI0487 C6.2.338): ROR(src, immr) AND wmask AND tmask.</summary>
    private void EmitUnsignedBitfield(DecodedInstruction* d)
    {
        LoadX(rax, d->Rn);
        if (Is64(d))
        {
            if (d->Shift != 0)
            {
                _a.ror(rax, d->Shift);
            }

            _a.mov(rcx, d->Imm & d->Imm2);
            _a.and(rax, rcx);
        }
        else
        {
            if (d->Shift != 0)
            {
                _a.ror(eax, d->Shift);
            }

            _a.and(eax, (int)(uint)(d->Imm & d->Imm2));
        }

        StoreX(d->Rd, rax);
    }

    /// <summary>SBFM (DDI0487 C6.2.253): (Replicate(src[imms]) AND NOT tmask) OR (ROR(src, immr) AND wmask AND tmask).</summary>
    private void EmitSignedBitfield(DecodedInstruction* d)
    {
        LoadX(rax, d->Rn);
        if (Is64(d))
        {
            _a.mov(rdx, rax);
            if (d->Shift != 0)
            {
                _a.ror(rax, d->Shift);
            }

            _a.mov(rcx, d->Imm & d->Imm2);
            _a.and(rax, rcx);
            _a.shl(rdx, (byte)(63 - d->Option));
            _a.sar(rdx, 63);
            _a.mov(rcx, ~d->Imm2);
            _a.and(rdx, rcx);
            _a.or(rax, rdx);
        }
        else
        {
            _a.mov(edx, eax);
            if (d->Shift != 0)
            {
                _a.ror(eax, d->Shift);
            }

            _a.and(eax, (int)(uint)(d->Imm & d->Imm2));
            _a.shl(edx, (byte)(31 - d->Option));
            _a.sar(edx, 31);
            _a.and(edx, (int)~(uint)d->Imm2);
            _a.or(eax, edx);
        }

        StoreX(d->Rd, rax);
    }

    /// <summary>EXTR (DDI0487 C6.2.90): (Xn:Xm) &gt;&gt; lsb, the low datasize bits.</summary>
    private void EmitExtract(DecodedInstruction* d)
    {
        LoadX(rax, d->Rm);
        LoadX(rdx, d->Rn);
        if (Is64(d))
        {
            if (d->Shift != 0)
            {
                _a.shrd(rax, rdx, d->Shift);
            }
        }
        else
        {
            if (d->Shift != 0)
            {
                _a.shrd(eax, edx, d->Shift);
            }
            else
            {
                _a.mov(eax, eax);
            }
        }

        StoreX(d->Rd, rax);
    }

    /// <summary>rcx = ShiftReg(Xm, type, amount) in the operation's width (DDI0487 C6.2.4).</summary>
    private void EmitShiftedOperand(DecodedInstruction* d)
    {
        LoadX(rcx, d->Rm);
        int amount = d->Shift;
        if (amount == 0)
        {
            return;
        }

        if (Is64(d))
        {
            switch (d->Option)
            {
                case 0: _a.shl(rcx, (byte)amount); break;
                case 1: _a.shr(rcx, (byte)amount); break;
                case 2: _a.sar(rcx, (byte)amount); break;
                default: _a.ror(rcx, (byte)amount); break;
            }
        }
        else
        {
            switch (d->Option)
            {
                case 0: _a.shl(ecx, (byte)amount); break;
                case 1: _a.shr(ecx, (byte)amount); break;
                case 2: _a.sar(ecx, (byte)amount); break;
                default: _a.ror(ecx, (byte)amount); break;
            }
        }
    }

    /// <summary>ADD/ADDS/SUB/SUBS (shifted register).</summary>
    private void EmitAddSubShifted(DecodedInstruction* d)
    {
        uint raw = d->Raw;
        bool subtract = ((raw >> 30) & 1) != 0;
        bool setFlags = ((raw >> 29) & 1) != 0;
        EmitShiftedOperand(d);
        LoadX(rax, d->Rn);
        if (Is64(d))
        {
            if (subtract)
            {
                _a.sub(rax, rcx);
            }
            else
            {
                _a.add(rax, rcx);
            }
        }
        else if (subtract)
        {
            _a.sub(eax, ecx);
        }
        else
        {
            _a.add(eax, ecx);
        }

        if (setFlags)
        {
            StoreFlags(subtract);
        }

        StoreX(d->Rd, rax);
    }

    /// <summary>AND/BIC/ORR/ORN/EOR/EON/ANDS/BICS (shifted register): opc in [30:29], N (invert) in bit 21.</summary>
    private void EmitLogicalShifted(DecodedInstruction* d)
    {
        uint raw = d->Raw;
        int opc = (int)(raw >> 29) & 3;
        bool invert = ((raw >> 21) & 1) != 0;
        EmitShiftedOperand(d);
        LoadX(rax, d->Rn);
        if (Is64(d))
        {
            if (invert)
            {
                _a.not(rcx);
            }

            switch (opc)
            {
                case 1: _a.or(rax, rcx); break;
                case 2: _a.xor(rax, rcx); break;
                default: _a.and(rax, rcx); break;
            }
        }
        else
        {
            if (invert)
            {
                _a.not(ecx);
            }

            switch (opc)
            {
                case 1: _a.or(eax, ecx); break;
                case 2: _a.xor(eax, ecx); break;
                default: _a.and(eax, ecx); break;
            }
        }

        if (opc == 3)
        {
            StoreFlags(subtraction: false);
        }

        StoreX(d->Rd, rax);
    }

    /// <summary>CSEL/CSINC/CSINV/CSNEG (DDI0487 C6.2.69...): Xn if the condition holds, else Xm inverted (op, bit 30) and/or incremented (o2, bit 10).</summary>
    private void EmitConditionalSelect(DecodedInstruction* d)
    {
        uint raw = d->Raw;
        LoadX(rdx, d->Rm);
        if (((raw >> 30) & 1) != 0)
        {
            _a.not(rdx);
        }

        if (((raw >> 10) & 1) != 0)
        {
            _a.add(rdx, 1);
        }

        LoadX(r8, d->Rn);
        X86Condition holds = TestCondition(d->Option);
        MoveIf(holds, rdx, r8);
        if (!Is64(d))
        {
            _a.mov(edx, edx);
        }

        StoreX(d->Rd, rdx);
    }

    /// <summary>MADD/MSUB: Xa ± Xn * Xm (the low datasize bits of the product are the same signed or unsigned).</summary>
    private void EmitMultiplyAdd(DecodedInstruction* d)
    {
        bool subtract = ((d->Raw >> 15) & 1) != 0;
        LoadX(rax, d->Rn);
        LoadX(rcx, d->Rm);
        LoadX(rdx, d->Ra);
        if (Is64(d))
        {
            _a.imul(rax, rcx);
            if (subtract)
            {
                _a.sub(rdx, rax);
            }
            else
            {
                _a.add(rdx, rax);
            }
        }
        else
        {
            _a.imul(eax, ecx);
            if (subtract)
            {
                _a.sub(edx, eax);
            }
            else
            {
                _a.add(edx, eax);
            }
        }

        StoreX(d->Rd, rdx);
    }

    /// <summary>LSLV/LSRV/ASRV/RORV: the amount is Xm MOD datasize, which is what x86 shifts by cl do.</summary>
    private void EmitShiftVariable(DecodedInstruction* d)
    {
        int op = (int)(d->Raw >> 10) & 3;
        LoadX(rcx, d->Rm);
        LoadX(rax, d->Rn);
        if (Is64(d))
        {
            switch (op)
            {
                case 0: _a.shl(rax, cl); break;
                case 1: _a.shr(rax, cl); break;
                case 2: _a.sar(rax, cl); break;
                default: _a.ror(rax, cl); break;
            }
        }
        else
        {
            switch (op)
            {
                case 0: _a.shl(eax, cl); break;
                case 1: _a.shr(eax, cl); break;
                case 2: _a.sar(eax, cl); break;
                default: _a.ror(eax, cl); break;
            }
        }

        StoreX(d->Rd, rax);
    }

    /// <summary>
    /// UDIV/SDIV (DDI0487 C6.2.343, C6.2.236): division by zero gives 0 and INT_MIN / -1 gives INT_MIN, where x86's
    /// div/idiv would fault, so both are tested first (a divisor of -1 is a negation).
    /// </summary>
    private void EmitDivide(DecodedInstruction* d)
    {
        bool signed = ((d->Raw >> 10) & 1) != 0;
        var zero = _a.CreateLabel();
        var done = _a.CreateLabel();
        LoadX(rcx, d->Rm);
        LoadX(rax, d->Rn);
        if (Is64(d))
        {
            _a.test(rcx, rcx);
            _a.je(zero);
            if (signed)
            {
                var divide = _a.CreateLabel();
                _a.cmp(rcx, -1);
                _a.jne(divide);
                _a.neg(rax);
                _a.jmp(done);
                _a.Label(ref divide);
                _a.cqo();
                _a.idiv(rcx);
            }
            else
            {
                _a.xor(edx, edx);
                _a.div(rcx);
            }
        }
        else
        {
            _a.test(ecx, ecx);
            _a.je(zero);
            if (signed)
            {
                var divide = _a.CreateLabel();
                _a.cmp(ecx, -1);
                _a.jne(divide);
                _a.neg(eax);
                _a.jmp(done);
                _a.Label(ref divide);
                _a.cdq();
                _a.idiv(ecx);
            }
            else
            {
                _a.xor(edx, edx);
                _a.div(ecx);
            }
        }

        _a.jmp(done);
        _a.Label(ref zero);
        _a.xor(eax, eax);
        _a.Label(ref done);
        StoreX(d->Rd, rax);
    }

    /// <summary>
    /// ADD/ADDS/SUB/SUBS (extended register, DDI0487 C6.2.3): Xn|SP op ExtendReg(Xm, option, imm3); Rd is Xd|SP unless
    /// the form sets flags.
    /// </summary>
    private void EmitAddSubExtended(DecodedInstruction* d)
    {
        uint raw = d->Raw;
        bool subtract = ((raw >> 30) & 1) != 0;
        bool setFlags = ((raw >> 29) & 1) != 0;
        LoadX(rcx, d->Rm);
        switch (d->Option)
        {
            case 0: _a.movzx(ecx, cl); break;
            case 1: _a.movzx(ecx, cx); break;
            case 2: _a.mov(ecx, ecx); break;
            case 4: _a.movsx(rcx, cl); break;
            case 5: _a.movsx(rcx, cx); break;
            case 6: _a.movsxd(rcx, ecx); break;
        }

        if (d->Shift != 0)
        {
            _a.shl(rcx, d->Shift);
        }

        LoadXOrSp(rax, d->Rn);
        if (Is64(d))
        {
            if (subtract)
            {
                _a.sub(rax, rcx);
            }
            else
            {
                _a.add(rax, rcx);
            }
        }
        else if (subtract)
        {
            _a.sub(eax, ecx);
        }
        else
        {
            _a.add(eax, ecx);
        }

        if (setFlags)
        {
            StoreFlags(subtract);
            StoreX(d->Rd, rax);
        }
        else
        {
            StoreXOrSp(d->Rd, rax);
        }
    }

    /// <summary>
    /// CCMN/CCMP (register and immediate, DDI0487 C6.2.50-53): the flags of Xn +/- operand if the condition holds, else
    /// the instruction's nzcv (in Imm2, as PSTATE bits); imm5 is in Imm, bit 11 selects it.
    /// </summary>
    private void EmitConditionalCompare(DecodedInstruction* d)
    {
        uint raw = d->Raw;
        bool subtract = ((raw >> 30) & 1) != 0;
        bool immediate = ((raw >> 11) & 1) != 0;
        X86Condition holds = TestCondition(d->Option);
        var otherwise = _a.CreateLabel();
        var done = _a.CreateLabel();
        if (holds != X86Condition.Always)
        {
            JumpIf(Negate(holds), otherwise);
        }

        LoadX(rax, d->Rn);
        if (immediate)
        {
            _a.mov(ecx, (uint)d->Imm);
        }
        else
        {
            LoadX(rcx, d->Rm);
        }

        if (Is64(d))
        {
            if (subtract)
            {
                _a.cmp(rax, rcx);
            }
            else
            {
                _a.add(rax, rcx);
            }
        }
        else if (subtract)
        {
            _a.cmp(eax, ecx);
        }
        else
        {
            _a.add(eax, ecx);
        }

        StoreFlags(subtract);
        if (holds != X86Condition.Always)
        {
            _a.jmp(done);
            _a.Label(ref otherwise);
            _a.mov(__dword_ptr[rdi + NativeContext.NzcvOffset], (int)(uint)d->Imm2);
            _a.Label(ref done);
        }
    }
}
