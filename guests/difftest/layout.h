/*
 * Shared layout of the random-instruction test image (tools/Armvisor.Bench/Differential/DiffLayout.cs mirrors it).
 * The runner (runner.S) is linked at 0x40000000; the generator writes the job from JOB_BASE on.
 */
#define JOB_BASE            0x40100000
#define JOB_MAGIC           0x46464944564D5241   /* "ARMVDIFF" */

/* Job header, at JOB_BASE (all fields 64-bit). */
#define JOB_MAGIC_OFF       0
#define JOB_COUNT_OFF       8
#define JOB_INPUTS_OFF      16
#define JOB_RESULTS_OFF     24
#define JOB_SCRATCH_OFF     32
#define JOB_PRISTINE_OFF    40
#define JOB_FLAGS_OFF       48
#define JOB_FILENAME_OFF    56
#define JOB_RESULTS_SIZE_OFF 64
#define JOB_FLAG_MMU        1   /* run the cases with the identity map on (Normal memory), SCTLR_EL1.SA = 1 */
#define JOB_FLAG_SEMIHOST   2   /* write the results area to JOB_FILENAME with Arm semihosting (QEMU) */

#define SCRATCH_SIZE        4096
#define RECORD_SIZE         1024

/* Input record, one per case. */
#define IN_X_OFF            0      /* X0..X30 */
#define IN_SP_OFF           248
#define IN_NZCV_OFF         256
#define IN_FPCR_OFF         264
#define IN_FPSR_OFF         272
#define IN_CODE_OFF         280    /* address of the case's two words: the instruction, B save_state */
#define IN_V_OFF            512    /* V0..V31 */

/* Result record, one per case. */
#define OUT_X_OFF           0
#define OUT_SP_OFF          248
#define OUT_NZCV_OFF        256
#define OUT_FPSR_OFF        264
#define OUT_KIND_OFF        272    /* 0: completed; 1 + vector index: exception taken */
#define OUT_ESR_OFF         280
#define OUT_ELR_OFF         288
#define OUT_FAR_OFF         296
#define OUT_FPCR_OFF        304
#define OUT_MEMCOUNT_OFF    312    /* doublewords of scratch that changed */
#define OUT_MEM_OFF         320    /* up to 8 (offset, new value) pairs */
#define OUT_MEM_MAX         8
#define OUT_DONE_OFF        448    /* RESULT_DONE once the record is complete */
#define OUT_SPSR_OFF        456    /* SPSR_EL1 when an exception was taken */
#define OUT_V_OFF           512
#define RESULT_DONE         0x454E4F44   /* "DONE" */
