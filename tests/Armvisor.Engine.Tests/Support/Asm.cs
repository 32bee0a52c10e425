namespace Armvisor.Engine.Tests.Support;

/// <summary>A tiny A64 assembler for tests: each method returns the encoding of one instruction (DDI0487 C6.2).</summary>
public static class Asm
{
    public const int Sp = 31;
    public const int Zr = 31;

    private static uint Sf(bool is64) => is64 ? 1u << 31 : 0;

    public static uint Nop() => 0xD503201F;

    public static uint Wfi() => 0xD503207F;

    public static uint Wfe() => 0xD503205F;

    public static uint Sev() => 0xD503209F;

    public static uint Sevl() => 0xD50320BF;

    public static uint Yield() => 0xD503203F;

    public static uint Isb() => 0xD5033FDF;

    public static uint DmbIsh() => 0xD5033BBF;

    public static uint Clrex() => 0xD503305F;

    public static uint Eret() => 0xD69F03E0;

    public static uint Svc(ushort imm) => 0xD4000001 | ((uint)imm << 5);

    public static uint Hvc(ushort imm) => 0xD4000002 | ((uint)imm << 5);

    public static uint Smc(ushort imm) => 0xD4000003 | ((uint)imm << 5);

    public static uint Brk(ushort imm) => 0xD4200000 | ((uint)imm << 5);

    public static uint MovZ(int rd, ushort imm, int shift = 0, bool is64 = true) =>
        Sf(is64) | 0x52800000 | ((uint)(shift / 16) << 21) | ((uint)imm << 5) | (uint)rd;

    public static uint MovK(int rd, ushort imm, int shift = 0, bool is64 = true) =>
        Sf(is64) | 0x72800000 | ((uint)(shift / 16) << 21) | ((uint)imm << 5) | (uint)rd;

    public static uint MovN(int rd, ushort imm, int shift = 0, bool is64 = true) =>
        Sf(is64) | 0x12800000 | ((uint)(shift / 16) << 21) | ((uint)imm << 5) | (uint)rd;

    /// <summary>Loads a 64-bit constant with MOVZ + 3 MOVK.</summary>
    public static uint[] MovImm64(int rd, ulong value) =>
    [
        MovZ(rd, (ushort)value), MovK(rd, (ushort)(value >> 16), 16), MovK(rd, (ushort)(value >> 32), 32), MovK(rd, (ushort)(value >> 48), 48),
    ];

    public static uint AddImm(int rd, int rn, uint imm12, bool is64 = true, bool setFlags = false, bool shift12 = false) =>
        Sf(is64) | (setFlags ? 0x31000000u : 0x11000000u) | (shift12 ? 1u << 22 : 0) | (imm12 << 10) | ((uint)rn << 5) | (uint)rd;

    public static uint SubImm(int rd, int rn, uint imm12, bool is64 = true, bool setFlags = false) =>
        Sf(is64) | (setFlags ? 0x71000000u : 0x51000000u) | (imm12 << 10) | ((uint)rn << 5) | (uint)rd;

    /// <summary>ADD/ADDS/SUB/SUBS (shifted register), shift type 0 LSL, 1 LSR, 2 ASR.</summary>
    public static uint AddReg(int rd, int rn, int rm, bool is64 = true, bool setFlags = false, bool subtract = false, int shiftType = 0, int amount = 0) =>
        Sf(is64) | (subtract ? 1u << 30 : 0) | (setFlags ? 1u << 29 : 0) | 0x0B000000 | ((uint)shiftType << 22) | ((uint)rm << 16)
        | ((uint)amount << 10) | ((uint)rn << 5) | (uint)rd;

    /// <summary>ADD (extended register): option 0..7 = UXTB..SXTX.</summary>
    public static uint AddExt(int rd, int rn, int rm, int option, int shift, bool is64 = true, bool setFlags = false, bool subtract = false) =>
        Sf(is64) | (subtract ? 1u << 30 : 0) | (setFlags ? 1u << 29 : 0) | 0x0B200000 | ((uint)rm << 16) | ((uint)option << 13)
        | ((uint)shift << 10) | ((uint)rn << 5) | (uint)rd;

    public static uint Adc(int rd, int rn, int rm, bool is64 = true, bool setFlags = false, bool subtract = false) =>
        Sf(is64) | (subtract ? 1u << 30 : 0) | (setFlags ? 1u << 29 : 0) | 0x1A000000 | ((uint)rm << 16) | ((uint)rn << 5) | (uint)rd;

    public static uint OrrReg(int rd, int rn, int rm, bool is64 = true) => Sf(is64) | 0x2A000000 | ((uint)rm << 16) | ((uint)rn << 5) | (uint)rd;

    /// <summary>MOV Xd, Xm (ORR Xd, XZR, Xm).</summary>
    public static uint Mov(int rd, int rm) => OrrReg(rd, Zr, rm);

    public static uint Udiv(int rd, int rn, int rm, bool is64 = true) => Sf(is64) | 0x1AC00800 | ((uint)rm << 16) | ((uint)rn << 5) | (uint)rd;

    public static uint Sdiv(int rd, int rn, int rm, bool is64 = true) => Sf(is64) | 0x1AC00C00 | ((uint)rm << 16) | ((uint)rn << 5) | (uint)rd;

    public static uint Madd(int rd, int rn, int rm, int ra, bool is64 = true) =>
        Sf(is64) | 0x1B000000 | ((uint)rm << 16) | ((uint)ra << 10) | ((uint)rn << 5) | (uint)rd;

    public static uint B(int offsetBytes) => 0x14000000 | ((uint)(offsetBytes >> 2) & 0x3FFFFFF);

    public static uint Bl(int offsetBytes) => 0x94000000 | ((uint)(offsetBytes >> 2) & 0x3FFFFFF);

    public static uint BCond(int cond, int offsetBytes) => 0x54000000 | (((uint)(offsetBytes >> 2) & 0x7FFFF) << 5) | (uint)cond;

    public static uint Cbnz(int rt, int offsetBytes, bool is64 = true) => Sf(is64) | 0x35000000 | (((uint)(offsetBytes >> 2) & 0x7FFFF) << 5) | (uint)rt;

    public static uint Cbz(int rt, int offsetBytes, bool is64 = true) => Sf(is64) | 0x34000000 | (((uint)(offsetBytes >> 2) & 0x7FFFF) << 5) | (uint)rt;

    public static uint Ret() => 0xD65F03C0;

    public static uint Br(int rn) => 0xD61F0000 | ((uint)rn << 5);

    public static uint Blr(int rn) => 0xD63F0000 | ((uint)rn << 5);

    /// <summary>LDR/STR (unsigned offset); size 0..3 = B, H, W, X; byteOffset must be a multiple of the size.</summary>
    public static uint LdrImm(int rt, int rn, int byteOffset, int size = 3) =>
        ((uint)size << 30) | 0x39400000 | ((uint)(byteOffset >> size) << 10) | ((uint)rn << 5) | (uint)rt;

    public static uint StrImm(int rt, int rn, int byteOffset, int size = 3) =>
        ((uint)size << 30) | 0x39000000 | ((uint)(byteOffset >> size) << 10) | ((uint)rn << 5) | (uint)rt;

    /// <summary>LDR/STR pre-index (writeBack) or post-index, size 0..3.</summary>
    public static uint LdrIndexed(int rt, int rn, int imm9, bool pre, int size = 3) =>
        ((uint)size << 30) | 0x38400000 | (((uint)imm9 & 0x1FF) << 12) | (pre ? 0xC00u : 0x400u) | ((uint)rn << 5) | (uint)rt;

    public static uint StrIndexed(int rt, int rn, int imm9, bool pre, int size = 3) =>
        ((uint)size << 30) | 0x38000000 | (((uint)imm9 & 0x1FF) << 12) | (pre ? 0xC00u : 0x400u) | ((uint)rn << 5) | (uint)rt;

    /// <summary>LDUR (unscaled), size 0..3.</summary>
    public static uint Ldur(int rt, int rn, int imm9, int size = 3) =>
        ((uint)size << 30) | 0x38400000 | (((uint)imm9 & 0x1FF) << 12) | ((uint)rn << 5) | (uint)rt;

    /// <summary>LDR (register offset): option 2 UXTW, 3 LSL, 6 SXTW, 7 SXTX; scaled shifts the index by the size.</summary>
    public static uint LdrReg(int rt, int rn, int rm, int option = 3, bool scaled = false, int size = 3) =>
        ((uint)size << 30) | 0x38600800 | ((uint)rm << 16) | ((uint)option << 13) | (scaled ? 1u << 12 : 0) | ((uint)rn << 5) | (uint)rt;

    /// <summary>LDP/STP of X registers; mode 1 post, 2 offset, 3 pre.</summary>
    public static uint Ldp(int rt, int rt2, int rn, int byteOffset, int mode = 2) =>
        0xA8400000 | ((uint)mode << 23) | (((uint)(byteOffset >> 3) & 0x7F) << 15) | ((uint)rt2 << 10) | ((uint)rn << 5) | (uint)rt;

    public static uint Stp(int rt, int rt2, int rn, int byteOffset, int mode = 2) =>
        0xA8000000 | ((uint)mode << 23) | (((uint)(byteOffset >> 3) & 0x7F) << 15) | ((uint)rt2 << 10) | ((uint)rn << 5) | (uint)rt;

    public static uint Ldxr(int rt, int rn, bool is64 = true) => (is64 ? 0xC85F7C00u : 0x885F7C00u) | ((uint)rn << 5) | (uint)rt;

    public static uint Stxr(int rs, int rt, int rn, bool is64 = true) => (is64 ? 0xC8007C00u : 0x88007C00u) | ((uint)rs << 16) | ((uint)rn << 5) | (uint)rt;

    public static uint Ldaxr(int rt, int rn, bool is64 = true) => Ldxr(rt, rn, is64) | 0x8000;

    public static uint Stlxr(int rs, int rt, int rn, bool is64 = true) => Stxr(rs, rt, rn, is64) | 0x8000;

    public static uint Ldar(int rt, int rn) => 0xC8DFFC00 | ((uint)rn << 5) | (uint)rt;

    public static uint Stlr(int rt, int rn) => 0xC89FFC00 | ((uint)rn << 5) | (uint)rt;

    /// <summary>MRS Xt, op0:op1:CRn:CRm:op2.</summary>
    public static uint Mrs(int rt, int op0, int op1, int crn, int crm, int op2) =>
        0xD5300000 | ((uint)(op0 & 1) << 19) | ((uint)op1 << 16) | ((uint)crn << 12) | ((uint)crm << 8) | ((uint)op2 << 5) | (uint)rt;

    public static uint Msr(int op0, int op1, int crn, int crm, int op2, int rt) =>
        0xD5100000 | ((uint)(op0 & 1) << 19) | ((uint)op1 << 16) | ((uint)crn << 12) | ((uint)crm << 8) | ((uint)op2 << 5) | (uint)rt;

    /// <summary>MSR DAIFClr, #imm4.</summary>
    public static uint MsrDaifClr(int imm4) => 0xD50340FF | ((uint)imm4 << 8);

    /// <summary>MSR DAIFSet, #imm4.</summary>
    public static uint MsrDaifSet(int imm4) => 0xD50340DF | ((uint)imm4 << 8);

    /// <summary>SYS #op1, Cn, Cm, #op2, Xt (DC, IC, AT, TLBI).</summary>
    public static uint Sys(int op1, int crn, int crm, int op2, int rt) =>
        0xD5080000 | ((uint)op1 << 16) | ((uint)crn << 12) | ((uint)crm << 8) | ((uint)op2 << 5) | (uint)rt;
}
