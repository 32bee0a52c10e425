/*
 * Layout of the AArch32 random-instruction job (tests/Armvisor.Integration.Tests/Differential32 mirrors it).
 * Header at JOB_BASE: magic, count, first case to print in detail, number of detailed cases; then CASE_SIZE-byte
 * cases: R0-R12 (13 words), APSR (NZCVQ, GE), the instruction; header word 4 = JOB_FLAG_FP makes the cases
 * FP_CASE_SIZE bytes with FPSCR at word 15 and D0-D15 from word 16 (the runner loads D16-D31 from the same words).
 * JOB_FLAG_T32 makes the instruction T32 (a value above 0xFFFF is a 32-bit one, first halfword on top) with an IT
 * prefix halfword (0: none) at word 15, or for FP cases at word FP_CASE_PREFIX.
 */
#define JOB_BASE        0x40100000u
#define JOB_MAGIC       0x4A323344u /* "D32J" */
#define CASES_OFF       0x40u
#define CASE_SIZE       64u
#define CASE_APSR       13
#define CASE_INSN       14
#define CASE_FPSCR      15
#define CASE_DREGS      16
#define JOB_FLAG_FP     1u
#define JOB_FLAG_T32    2u
#define CASE_PREFIX     15
#define FP_CASE_PREFIX  64
#define FP_CASE_SIZE    272u
#define SCRATCH_BASE    0x40080000u /* 512 bytes; memory instructions get a base register in its middle */
#define SCRATCH_WORDS   128u
#define BLOCK_CASES     64u
