using Armvisor.Engine.A64.Instructions;
using Armvisor.Engine.Execution;
using Armvisor.Engine.Interpreter;
using static Armvisor.Engine.A64.Decoding.GeneratorPolicy;
using IC = Armvisor.Engine.A64.Decoding.InstructionClass;
using LS = Armvisor.Engine.A64.Instructions.LoadStoreInstructions;
using LSP = Armvisor.Engine.A64.Instructions.LoadStorePairInstructions;
using EX = Armvisor.Engine.A64.Instructions.ExclusiveInstructions;

namespace Armvisor.Engine.A64.Decoding;

/// <summary>Load/store rows (DDI0487 C4.1.88): single register in every addressing mode, literal, pairs, exclusives, acquire/release.</summary>
public static unsafe partial class A64InstructionTable
{
    /// <summary>Which addressing modes an opcode has.</summary>
    [Flags]
    private enum Modes
    {
        /// <summary>Unsigned offset, unscaled (LDUR), pre-index, post-index, register offset.</summary>
        Indexed = 1,

        /// <summary>LDTR/STTR (general-purpose registers only).</summary>
        Unprivileged = 2,

        /// <summary>PRFM: unsigned offset, unscaled (PRFUM) and register offset only.</summary>
        PrefetchOnly = 4,
    }

    private static void AddLoadStoreRows(List<A64Encoding> rows)
    {
        // General-purpose registers: size, V=0, opc.
        SingleRows<StoreByte>(rows, "STRB", "00", "0", "00", Modes.Indexed | Modes.Unprivileged);
        SingleRows<LoadByte>(rows, "LDRB", "00", "0", "01", Modes.Indexed | Modes.Unprivileged);
        SingleRows<LoadSignedByte>(rows, "LDRSB_X", "00", "0", "10", Modes.Indexed | Modes.Unprivileged);
        SingleRows<LoadSignedByte>(rows, "LDRSB_W", "00", "0", "11", Modes.Indexed | Modes.Unprivileged);
        SingleRows<StoreHalfword>(rows, "STRH", "01", "0", "00", Modes.Indexed | Modes.Unprivileged);
        SingleRows<LoadHalfword>(rows, "LDRH", "01", "0", "01", Modes.Indexed | Modes.Unprivileged);
        SingleRows<LoadSignedHalfword>(rows, "LDRSH_X", "01", "0", "10", Modes.Indexed | Modes.Unprivileged);
        SingleRows<LoadSignedHalfword>(rows, "LDRSH_W", "01", "0", "11", Modes.Indexed | Modes.Unprivileged);
        SingleRows<StoreWord>(rows, "STR_W", "10", "0", "00", Modes.Indexed | Modes.Unprivileged);
        SingleRows<LoadWord>(rows, "LDR_W", "10", "0", "01", Modes.Indexed | Modes.Unprivileged);
        SingleRows<LoadSignedWord>(rows, "LDRSW", "10", "0", "10", Modes.Indexed | Modes.Unprivileged);
        SingleRows<StoreDoubleword>(rows, "STR_X", "11", "0", "00", Modes.Indexed | Modes.Unprivileged);
        SingleRows<LoadDoubleword>(rows, "LDR_X", "11", "0", "01", Modes.Indexed | Modes.Unprivileged);
        SingleRows<Prefetch>(rows, "PRFM", "11", "0", "10", Modes.PrefetchOnly);

        // SIMD&FP registers: V=1; size=00 with opc=1x is the 128-bit form.
        SingleRows<StoreSimdByte>(rows, "STR_B", "00", "1", "00", Modes.Indexed);
        SingleRows<LoadSimdByte>(rows, "LDR_B", "00", "1", "01", Modes.Indexed);
        SingleRows<StoreSimdQuadword>(rows, "STR_Q", "00", "1", "10", Modes.Indexed);
        SingleRows<LoadSimdQuadword>(rows, "LDR_Q", "00", "1", "11", Modes.Indexed);
        SingleRows<StoreSimdHalfword>(rows, "STR_H", "01", "1", "00", Modes.Indexed);
        SingleRows<LoadSimdHalfword>(rows, "LDR_H", "01", "1", "01", Modes.Indexed);
        SingleRows<StoreSimdWord>(rows, "STR_S", "10", "1", "00", Modes.Indexed);
        SingleRows<LoadSimdWord>(rows, "LDR_S", "10", "1", "01", Modes.Indexed);
        SingleRows<StoreSimdDoubleword>(rows, "STR_D", "11", "1", "00", Modes.Indexed);
        SingleRows<LoadSimdDoubleword>(rows, "LDR_D", "11", "1", "01", Modes.Indexed);

        // Load register (literal): opc, V.
        Row(rows, "LDR_lit_W", "00 011 0 00 imm19:19 Rt:5", IC.LoadStore, &LS.Literal<LoadWord>, &LS.PrepareLiteral, Never);
        Row(rows, "LDR_lit_X", "01 011 0 00 imm19:19 Rt:5", IC.LoadStore, &LS.Literal<LoadDoubleword>, &LS.PrepareLiteral, Never);
        Row(rows, "LDRSW_lit", "10 011 0 00 imm19:19 Rt:5", IC.LoadStore, &LS.Literal<LoadSignedWord>, &LS.PrepareLiteral, Never);
        Row(rows, "PRFM_lit", "11 011 0 00 imm19:19 Rt:5", IC.LoadStore, &LS.Literal<Prefetch>, &LS.PrepareLiteral, Always);
        Row(rows, "LDR_lit_S", "00 011 1 00 imm19:19 Rt:5", IC.LoadStoreSimd, &LS.Literal<LoadSimdWord>, &LS.PrepareLiteral, Never);
        Row(rows, "LDR_lit_D", "01 011 1 00 imm19:19 Rt:5", IC.LoadStoreSimd, &LS.Literal<LoadSimdDoubleword>, &LS.PrepareLiteral, Never);
        Row(rows, "LDR_lit_Q", "10 011 1 00 imm19:19 Rt:5", IC.LoadStoreSimd, &LS.Literal<LoadSimdQuadword>, &LS.PrepareLiteral, Never);

        AddPairRows(rows);
        AddExclusiveRows(rows);
        AddStructureRows(rows);
    }

    private static void AddStructureRows(List<A64Encoding> rows)
    {
        // Advanced SIMD load/store multiple structures: opcode selects LD1-LD4 / ST1-ST4 and the register count.
        (string Name, string Opcode)[] forms =
        [
            ("4", "0000"), ("1_4", "0010"), ("3", "0100"), ("1_3", "0110"), ("1_1", "0111"), ("2", "1000"), ("1_2", "1010"),
        ];
        foreach ((string name, string opcode) in forms)
        {
            Row(rows, "ST" + name, $"0 Q:1 0011000 0 000000 {opcode} size:2 Rn:5 Rt:5", IC.LoadStoreSimd,
                &SimdStructureInstructions.StoreMultiple, &SimdStructureInstructions.PrepareMultiple, ConstrainedBaseRegister);
            Row(rows, "LD" + name, $"0 Q:1 0011000 1 000000 {opcode} size:2 Rn:5 Rt:5", IC.LoadStoreSimd,
                &SimdStructureInstructions.LoadMultiple, &SimdStructureInstructions.PrepareMultiple, ConstrainedBaseRegister);
            Row(rows, "ST" + name + "_post", $"0 Q:1 0011001 0 0 Rm:5 {opcode} size:2 Rn:5 Rt:5", IC.LoadStoreSimd,
                &SimdStructureInstructions.StoreMultiplePost, &SimdStructureInstructions.PrepareMultiple, ConstrainedBaseRegister);
            Row(rows, "LD" + name + "_post", $"0 Q:1 0011001 1 0 Rm:5 {opcode} size:2 Rn:5 Rt:5", IC.LoadStoreSimd,
                &SimdStructureInstructions.LoadMultiplePost, &SimdStructureInstructions.PrepareMultiple, ConstrainedBaseRegister);
        }
    }

    private static void SingleRows<T>(List<A64Encoding> rows, string name, string size, string v, string opc, Modes modes)
        where T : struct, IMemoryTransfer
    {
        InstructionClass c = v == "1" ? IC.LoadStoreSimd : IC.LoadStore;
        GeneratorPolicy policy = modes == Modes.PrefetchOnly ? Always : ConstrainedBaseRegister;
        string head = $"{size} 111 {v}";
        Row(rows, name + "_uoff", $"{head} 01 {opc} imm12:12 Rn:5 Rt:5", c, &LS.Offset<T>, &LS.PrepareUnsignedOffset, policy);
        Row(rows, name + "_unscaled", $"{head} 00 {opc} 0 imm9:9 00 Rn:5 Rt:5", c, &LS.Offset<T>, &LS.PrepareUnscaled, policy);
        Row(rows, name + "_reg", $"{head} 00 {opc} 1 Rm:5 option:3 S:1 10 Rn:5 Rt:5", c, &LS.RegisterOffset<T>, &LS.PrepareRegisterOffset, policy);
        if ((modes & Modes.Indexed) != 0)
        {
            Row(rows, name + "_post", $"{head} 00 {opc} 0 imm9:9 01 Rn:5 Rt:5", c, &LS.PostIndex<T>, &LS.PreparePostIndex, policy);
            Row(rows, name + "_pre", $"{head} 00 {opc} 0 imm9:9 11 Rn:5 Rt:5", c, &LS.PreIndex<T>, &LS.PreparePreIndex, policy);
        }

        if ((modes & Modes.Unprivileged) != 0)
        {
            Row(rows, name + "_unpriv", $"{head} 00 {opc} 0 imm9:9 10 Rn:5 Rt:5", c, &LS.Unprivileged<T>, &LS.PrepareUnscaled, policy);
        }
    }

    private static void AddPairRows(List<A64Encoding> rows)
    {
        // opc:2 101 V:1 0 mode:2 L:1 imm7:7 Rt2:5 Rn:5 Rt:5; mode 00 = non-temporal (LDNP/STNP), 01 post, 10 offset, 11 pre.
        (string Name, string Opc, string V, string L, bool NonTemporal)[] types =
        [
            ("STP_W", "00", "0", "0", true), ("LDP_W", "00", "0", "1", true), ("LDPSW", "01", "0", "1", false),
            ("STP_X", "10", "0", "0", true), ("LDP_X", "10", "0", "1", true),
            ("STP_S", "00", "1", "0", true), ("LDP_S", "00", "1", "1", true), ("STP_D", "01", "1", "0", true),
            ("LDP_D", "01", "1", "1", true), ("STP_Q", "10", "1", "0", true), ("LDP_Q", "10", "1", "1", true),
        ];
        (string Suffix, string Mode)[] modes = [("_nt", "00"), ("_post", "01"), ("", "10"), ("_pre", "11")];
        foreach ((string name, string opc, string v, string l, bool nonTemporal) in types)
        {
            delegate* managed<InterpreterVcpu, Execution.DecodedInstruction*, bool> handler = (name, v) switch
            {
                ("STP_W", _) => &LSP.StpWord,
                ("LDP_W", _) => &LSP.LdpWord,
                ("LDPSW", _) => &LSP.Ldpsw,
                ("STP_X", _) => &LSP.StpDoubleword,
                ("LDP_X", _) => &LSP.LdpDoubleword,
                (_, "1") when l == "0" => &LSP.StpSimd,
                _ => &LSP.LdpSimd,
            };
            foreach ((string suffix, string mode) in modes)
            {
                if (mode == "00" && !nonTemporal)
                {
                    continue;
                }

                Row(rows, name + suffix, $"{opc} 101 {v} 0 {mode} {l} imm7:7 Rt2:5 Rn:5 Rt:5", v == "1" ? IC.LoadStoreSimd : IC.LoadStore,
                    handler, &LSP.PreparePair, ConstrainedBaseRegister);
            }
        }
    }

    private static void AddExclusiveRows(List<A64Encoding> rows)
    {
        // size:2 001000 o2 L o1 Rs:5 o0 Rt2:5 Rn:5 Rt:5 (ARMv8.0: no LSE, no LORegions).
        Row(rows, "STXR", "size:2 001000 0 0 0 Rs:5 0 Rt2:5 Rn:5 Rt:5", IC.LoadStoreExclusive, &EX.StoreExclusive, &EX.PrepareExclusive, Never);
        Row(rows, "STLXR", "size:2 001000 0 0 0 Rs:5 1 Rt2:5 Rn:5 Rt:5", IC.LoadStoreExclusive, &EX.StoreExclusive, &EX.PrepareExclusive, Never);
        Row(rows, "LDXR", "size:2 001000 0 1 0 Rs:5 0 Rt2:5 Rn:5 Rt:5", IC.LoadStoreExclusive, &EX.LoadExclusive, &EX.PrepareExclusive, Never);
        Row(rows, "LDAXR", "size:2 001000 0 1 0 Rs:5 1 Rt2:5 Rn:5 Rt:5", IC.LoadStoreExclusive, &EX.LoadExclusive, &EX.PrepareExclusive, Never);
        Row(rows, "STXP", "1 sz:1 001000 0 0 1 Rs:5 0 Rt2:5 Rn:5 Rt:5", IC.LoadStoreExclusive, &EX.StoreExclusivePair, &EX.PrepareExclusive, Never);
        Row(rows, "STLXP", "1 sz:1 001000 0 0 1 Rs:5 1 Rt2:5 Rn:5 Rt:5", IC.LoadStoreExclusive, &EX.StoreExclusivePair, &EX.PrepareExclusive, Never);
        Row(rows, "LDXP", "1 sz:1 001000 0 1 1 Rs:5 0 Rt2:5 Rn:5 Rt:5", IC.LoadStoreExclusive, &EX.LoadExclusivePair, &EX.PrepareExclusive, Never);
        Row(rows, "LDAXP", "1 sz:1 001000 0 1 1 Rs:5 1 Rt2:5 Rn:5 Rt:5", IC.LoadStoreExclusive, &EX.LoadExclusivePair, &EX.PrepareExclusive, Never);
        Row(rows, "STLR", "size:2 001000 1 0 0 Rs:5 1 Rt2:5 Rn:5 Rt:5", IC.LoadStoreExclusive, &EX.StoreRelease, &EX.PrepareAcquireRelease, Never);
        Row(rows, "LDAR", "size:2 001000 1 1 0 Rs:5 1 Rt2:5 Rn:5 Rt:5", IC.LoadStoreExclusive, &EX.LoadAcquire, &EX.PrepareAcquireRelease, Never);
        // LDAPR (FEAT_LRCPC, Armv8.3) is not implemented: this is an Armv8.0 PE whose ID_AA64ISAR1.LRCPC reads 0, so
        // the encoding is UNDEFINED, as on the Cortex-A72 (found by the differential test against QEMU).
    }
}
