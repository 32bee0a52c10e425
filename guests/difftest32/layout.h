/*
 * Layout of the AArch32 random-instruction job (tests/Armvisor.Integration.Tests/Differential32 mirrors it).
 * Header at JOB_BASE: magic, count, first case to print in detail, number of detailed cases, mode (0 A32, 1 T32);
 * then CASE_SIZE-byte cases: R0-R12 (13 words), APSR (NZCVQ, GE), the instruction (T32: a value above 0xFFFF is a
 * 32-bit one, first halfword on top), and in T32 mode an IT prefix halfword (0: none).
 */
#define JOB_BASE        0x40100000u
#define JOB_MAGIC       0x4A323344u /* "D32J" */
#define CASES_OFF       0x40u
#define CASE_SIZE       64u
#define CASE_APSR       13
#define CASE_INSN       14
#define CASE_PREFIX     15
#define JOB_MODE        4
#define SCRATCH_BASE    0x40080000u /* 512 bytes; memory instructions get a base register in its middle */
#define SCRATCH_WORDS   128u
#define BLOCK_CASES     64u
