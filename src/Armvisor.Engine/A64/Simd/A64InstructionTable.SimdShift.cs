using Armvisor.Engine.A64.Simd;
using static Armvisor.Engine.A64.Decoding.GeneratorPolicy;
using IC = Armvisor.Engine.A64.Decoding.InstructionClass;
using SST = Armvisor.Engine.A64.Simd.SimdStructureTransfer;

namespace Armvisor.Engine.A64.Decoding;

// SAFETY: the rows only take the addresses of static handler and prepare methods (function pointers); nothing is
// dereferenced here.
/// <summary>
/// AdvSIMD shift by immediate (vector, scalar), modified immediate, and the single-structure load/store rows (the
/// multiple-structure LD1-LD4/ST1-ST4 rows belong to the engine's load/store table).
/// </summary>
public static unsafe partial class A64InstructionTable
{
    private static void AddSimdShiftAndImmediateRows(List<A64Encoding> rows)
    {
        // immh classes: the highest set bit of immh is the element size (immh = 0000 is the modified-immediate space).
        // A local, not a static field: the table is built from a static initializer that may run first.
        (string Suffix, string Immh)[] immhClasses = [("_B", "0001"), ("_H", "001x"), ("_S", "01xx"), ("_D", "1xxx")];
        // Advanced SIMD shift by immediate: 0 Q U 011110 immh immb opcode 1 Rn Rd. Narrowing and lengthening forms
        // have no doubleword class (immh = 1xxx is reserved for them).
        (string Name, int U, string Opcode, bool Scalar, bool ScalarDoublewordOnly, bool NoDoubleword)[] shifts =
        [
            ("SSHR", 0, "00000", true, true, false), ("USHR", 1, "00000", true, true, false),
            ("SSRA", 0, "00010", true, true, false), ("USRA", 1, "00010", true, true, false),
            ("SRSHR", 0, "00100", true, true, false), ("URSHR", 1, "00100", true, true, false),
            ("SRSRA", 0, "00110", true, true, false), ("URSRA", 1, "00110", true, true, false),
            ("SHL", 0, "01010", true, true, false), ("SLI", 1, "01010", true, true, false), ("SRI", 1, "01000", true, true, false),
            ("SQSHL_imm", 0, "01110", true, false, false), ("UQSHL_imm", 1, "01110", true, false, false),
            ("SQSHLU", 1, "01100", true, false, false),
            ("SHRN", 0, "10000", false, false, true), ("RSHRN", 0, "10001", false, false, true),
            ("SQSHRN", 0, "10010", true, false, true), ("SQRSHRN", 0, "10011", true, false, true),
            ("UQSHRN", 1, "10010", true, false, true), ("UQRSHRN", 1, "10011", true, false, true),
            ("SQSHRUN", 1, "10000", true, false, true), ("SQRSHRUN", 1, "10001", true, false, true),
            ("SSHLL", 0, "10100", false, false, true), ("USHLL", 1, "10100", false, false, true),
        ];
        foreach ((string name, int u, string opcode, bool scalar, bool scalarDoublewordOnly, bool noDoubleword) in shifts)
        {
            foreach ((string suffix, string immh) in immhClasses)
            {
                if (noDoubleword && suffix == "_D")
                {
                    continue;
                }

                Row(rows, name + suffix, $"0 Q:1 {u} 011110 {immh} immb:3 {opcode} 1 Rn:5 Rd:5", IC.SimdFp,
                    &SimdShiftImmediate.Execute, &SimdShiftImmediate.PrepareVector, Always);
                if (scalar && (!scalarDoublewordOnly || suffix == "_D"))
                {
                    Row(rows, name + suffix + "_scalar", $"01 {u} 111110 {immh} immb:3 {opcode} 1 Rn:5 Rd:5", IC.SimdFp,
                        &SimdShiftImmediate.Execute, &SimdShiftImmediate.PrepareScalar, Always);
                }
            }
        }

        // Advanced SIMD modified immediate (o2 = 1 is the FP16 FMOV, absent): MOVI/MVNI/ORR/BIC/FMOV (vector, immediate).
        Row(rows, "MOVI_MVNI_ORR_BIC", "0 Q:1 op:1 0111100000 a:1 b:1 c:1 cmode:4 0 1 d:1 e:1 f:1 g:1 h:1 Rd:5", IC.SimdFp,
            &SimdModifiedImmediate.Execute, &SimdModifiedImmediate.Prepare, Always);
    }

    private static void AddSimdStructureRows(List<A64Encoding> rows)
    {
        // Load/store single structure: 0 Q 0011010 L R 00000 opcode S size Rn Rt; post-index 0 Q 0011011 L R Rm opcode S size Rn Rt.
        for (int l = 0; l <= 1; l++)
        {
            for (int r = 0; r <= 1; r++)
            {
                string op = (l == 0 ? "ST" : "LD") + (r == 0 ? "1/3" : "2/4") + "_single";
                Row(rows, op, $"0 Q:1 0011010 {l} {r} 00000 opcode:3 S:1 size:2 Rn:5 Rt:5", IC.LoadStoreSimd, &SST.Single, &SST.PrepareSingle, ConstrainedBaseRegister);
                Row(rows, op + "_post", $"0 Q:1 0011011 {l} {r} Rm:5 opcode:3 S:1 size:2 Rn:5 Rt:5", IC.LoadStoreSimd, &SST.Single, &SST.PrepareSingle, ConstrainedBaseRegister);
            }
        }
    }
}
