using Armvisor.Engine.Interpreter;
using Armvisor.Engine.Execution;
using Armvisor.Engine.A64.Instructions;

namespace Armvisor.Engine.AArch32.Semantics;

// SAFETY: as A32Exceptions.
/// <summary>
/// A32 data processing (DDI0487 F5.1: AND EOR SUB RSB ADD ADC SBC RSC TST TEQ CMP CMN ORR MOV BIC MVN) with an
/// immediate (A32ExpandImm_C), an immediate-shifted register or a register-shifted register operand; MOVW/MOVT.
/// Logical operations set C from the shifter and leave V; arithmetic ones set NZCV by AddWithCarry. A write to the PC
/// is ALUWritePC (BXWritePC in A32); with S and Rd = PC it is the exception return (CPSR = SPSR, "SUBS PC, LR").
/// </summary>
internal static unsafe class A32DataProcessing
{
    public const byte OperandImmediate = 0;
    public const byte OperandRegister = 1;
    public const byte OperandRegisterShifted = 2;

    /// <summary>The operation code beyond A32's sixteen: T32 ORN (Rn OR NOT operand).</summary>
    public const byte OrNot = 0x10;

    private static void PrepareCommon(uint raw, DecodedInstruction* d)
    {
        d->Option = (byte)((raw >> 21) & 0xF); // opcode
        d->Flags = (byte)((raw >> 20) & 1); // S
        d->Rn = (byte)((raw >> 16) & 0xF);
        d->Rd = (byte)((raw >> 12) & 0xF);
    }

    /// <summary>Imm = the rotated immediate; Imm2 = 1 when the rotation is nonzero (carry = imm32[31]), else 0 (carry = C).</summary>
    public static bool PrepareImmediate(uint raw, DecodedInstruction* d)
    {
        PrepareCommon(raw, d);
        int rotation = (int)((raw >> 8) & 0xF) * 2;
        uint value = uint.RotateRight(raw & 0xFF, rotation);
        d->Imm = value;
        d->Imm2 = rotation != 0 ? 1UL : 0;
        d->Size = OperandImmediate;
        return true;
    }

    public static bool PrepareRegister(uint raw, DecodedInstruction* d)
    {
        PrepareCommon(raw, d);
        d->Rm = (byte)(raw & 0xF);
        d->Shift = (byte)((raw >> 7) & 0x1F);
        d->Ra = (byte)((raw >> 5) & 3); // shift type
        d->Size = OperandRegister;
        return true;
    }

    public static bool PrepareRegisterShifted(uint raw, DecodedInstruction* d)
    {
        PrepareCommon(raw, d);
        d->Rm = (byte)(raw & 0xF);
        d->Shift = (byte)((raw >> 8) & 0xF); // Rs
        d->Ra = (byte)((raw >> 5) & 3);
        d->Size = OperandRegisterShifted;
        return true;
    }

    public static bool Execute(InterpreterVcpu v, DecodedInstruction* d)
    {
        CpuState s = v.State;
        bool carryIn = (s.Nzcv & (1u << 29)) != 0;
        uint operand;
        bool shifterCarry;
        switch (d->Size)
        {
            case OperandImmediate:
                operand = (uint)d->Imm;
                shifterCarry = d->Imm2 != 0 ? (operand >> 31) != 0 : carryIn;
                break;
            case OperandRegister:
                operand = A32Shifter.ShiftImmediate(v.R(d, d->Rm), d->Ra, d->Shift, carryIn, out shifterCarry);
                break;
            default:
                // Register-shifted register: any of the registers being the PC is UNPREDICTABLE; PC reads as +8 here.
                operand = A32Shifter.ShiftRegister(v.R(d, d->Rm), d->Ra, v.R(d, d->Shift), carryIn, out shifterCarry);
                break;
        }

        uint n = v.R(d, d->Rn);
        uint result;
        uint nzcv = s.Nzcv;
        bool logical = false;
        bool writes = true;
        switch (d->Option)
        {
            case 0x0: result = n & operand; logical = true; break;
            case 0x1: result = n ^ operand; logical = true; break;
            case 0x2: result = Alu.AddWithCarry32(n, ~operand, 1, out nzcv); break;
            case 0x3: result = Alu.AddWithCarry32(~n, operand, 1, out nzcv); break;
            case 0x4: result = Alu.AddWithCarry32(n, operand, 0, out nzcv); break;
            case 0x5: result = Alu.AddWithCarry32(n, operand, carryIn ? 1u : 0, out nzcv); break;
            case 0x6: result = Alu.AddWithCarry32(n, ~operand, carryIn ? 1u : 0, out nzcv); break;
            case 0x7: result = Alu.AddWithCarry32(~n, operand, carryIn ? 1u : 0, out nzcv); break;
            case 0x8: result = n & operand; logical = true; writes = false; break;
            case 0x9: result = n ^ operand; logical = true; writes = false; break;
            case 0xA: result = Alu.AddWithCarry32(n, ~operand, 1, out nzcv); writes = false; break;
            case 0xB: result = Alu.AddWithCarry32(n, operand, 0, out nzcv); writes = false; break;
            case 0xC: result = n | operand; logical = true; break;
            case 0xD: result = operand; logical = true; break;
            case 0xE: result = n & ~operand; logical = true; break;
            case 0xF: result = ~operand; logical = true; break;
            default: result = n | ~operand; logical = true; break; // OrNot: T32 ORN (no A32 form)
        }

        bool setFlags = d->Flags != 0;
        if (writes && d->Rd == 15)
        {
            if (setFlags)
            {
                // SUBS PC, LR and friends: the exception return; UNPREDICTABLE in usr/sys (UNDEFINED here).
                if (!v.TryReadSpsr(out uint spsr))
                {
                    v.RaiseUndefined(d);
                    return false;
                }

                v.A32ExceptionReturn(result, spsr);
                return false;
            }

            // ALUWritePC: BXWritePC in A32, BranchWritePC in T32 (the 16-bit ADD/MOV to the PC stay in T32).
            return v.State.Thumb ? v.BranchWritePc(result) : v.BranchExchange(result);
        }

        if (setFlags)
        {
            s.Nzcv = logical
                ? (result & 0x8000_0000) | (result == 0 ? 1u << 30 : 0) | (shifterCarry ? 1u << 29 : 0) | (s.Nzcv & (1u << 28))
                : nzcv;
        }

        if (writes)
        {
            v.WriteR(d->Rd, result);
        }

        return true;
    }

    public static bool PrepareMoveWide(uint raw, DecodedInstruction* d)
    {
        d->Rd = (byte)((raw >> 12) & 0xF);
        d->Imm = ((raw >> 4) & 0xF000) | (raw & 0xFFF);
        return d->Rd != 15; // Rd = PC is UNPREDICTABLE: UNDEFINED here
    }

    public static bool MoveWide(InterpreterVcpu v, DecodedInstruction* d)
    {
        v.WriteR(d->Rd, (uint)d->Imm);
        return true;
    }

    public static bool MoveTop(InterpreterVcpu v, DecodedInstruction* d)
    {
        v.WriteR(d->Rd, (v.R(d, d->Rd) & 0xFFFF) | ((uint)d->Imm << 16));
        return true;
    }
}
