using System.Buffers.Binary;

namespace Armvisor.Firmware.Assembly;

/// <summary>
/// A tiny A64 assembler for firmware stubs (park loop, EFI runtime stubs): a handful of instructions, labels with
/// forward references, little-endian output. Registers are numbers 0–30; 31 is XZR/WZR where the encoding says so.
/// </summary>
public sealed class A64Assembler
{
    public const int ZeroRegister = 31;

    private readonly List<uint> _words = [];
    private readonly Dictionary<string, int> _labels = new(StringComparer.Ordinal);
    private readonly List<(int Index, string Label, Func<long, uint> Patch)> _fixups = [];

    /// <summary>Byte offset of the next instruction.</summary>
    public int Position => _words.Count * 4;

    public A64Assembler Label(string name)
    {
        if (!_labels.TryAdd(name, Position))
        {
            throw new InvalidOperationException($"label {name} defined twice");
        }

        return this;
    }

    /// <summary>ADR Xd, #offset (relative to this instruction, ±1 MiB).</summary>
    public A64Assembler AdrRelative(int rd, long offset) =>
        Emit((uint)A64Opcode.Adr | A64Field.ImmLo.Encode(offset & 3) | A64Field.ImmHi.Encode(offset >> 2, signed: true) | Reg(A64Field.Rd, rd));

    /// <summary>Loads a 32-bit constant into Wd with MOVZ (+ MOVK for the high half when non-zero).</summary>
    public A64Assembler MovWord(int rd, uint value)
    {
        Emit((uint)A64Opcode.MovzWord | A64Field.Imm16.Encode(value & 0xFFFF) | Reg(A64Field.Rd, rd));
        return (value >> 16) == 0 ? this : Emit((uint)A64Opcode.MovkWord | A64Field.Hw.Encode(1) | A64Field.Imm16.Encode(value >> 16) | Reg(A64Field.Rd, rd));
    }

    /// <summary>Loads a 64-bit constant into Xd with MOVZ and the MOVKs it needs.</summary>
    public A64Assembler MovDoubleword(int rd, ulong value)
    {
        Emit((uint)A64Opcode.MovzDoubleword | A64Field.Imm16.Encode((long)(value & 0xFFFF)) | Reg(A64Field.Rd, rd));
        for (var hw = 1; hw < 4; hw++)
        {
            var part = (value >> (16 * hw)) & 0xFFFF;
            if (part != 0)
            {
                Emit((uint)A64Opcode.MovkDoubleword | A64Field.Hw.Encode(hw) | A64Field.Imm16.Encode((long)part) | Reg(A64Field.Rd, rd));
            }
        }

        return this;
    }

    /// <summary>MOV Xd, Xm (ORR Xd, XZR, Xm).</summary>
    public A64Assembler Mov(int rd, int rm) => Emit((uint)A64Opcode.MovDoubleword | Reg(A64Field.Rm, rm) | Reg(A64Field.Rd, rd));

    /// <summary>LDR Wt, [Xn, #offset].</summary>
    public A64Assembler LdrWord(int rt, int rn, int offset) => Emit((uint)A64Opcode.LdrWord | Scaled(offset, 4) | Reg(A64Field.Rn, rn) | Reg(A64Field.Rt, rt));

    /// <summary>LDR Xt, [Xn, #offset].</summary>
    public A64Assembler LdrDoubleword(int rt, int rn, int offset) => Emit((uint)A64Opcode.LdrDoubleword | Scaled(offset, 8) | Reg(A64Field.Rn, rn) | Reg(A64Field.Rt, rt));

    /// <summary>STR Xt, [Xn, #offset].</summary>
    public A64Assembler StrDoubleword(int rt, int rn, int offset) => Emit((uint)A64Opcode.StrDoubleword | Scaled(offset, 8) | Reg(A64Field.Rn, rn) | Reg(A64Field.Rt, rt));

    /// <summary>CMP Wn, Wm.</summary>
    public A64Assembler CmpWord(int rn, int rm) => Emit((uint)A64Opcode.CmpWord | Reg(A64Field.Rm, rm) | Reg(A64Field.Rn, rn));

    /// <summary>B.cond label.</summary>
    public A64Assembler BranchIf(A64Condition condition, string label) =>
        EmitBranch((uint)A64Opcode.BranchConditional | A64Field.Cond.Encode((long)condition), label, A64Field.Imm19);

    /// <summary>B label.</summary>
    public A64Assembler Branch(string label) => EmitBranch((uint)A64Opcode.Branch, label, A64Field.Imm26);

    /// <summary>CBZ Xt, label.</summary>
    public A64Assembler CbzDoubleword(int rt, string label) => EmitBranch((uint)A64Opcode.CbzDoubleword | Reg(A64Field.Rt, rt), label, A64Field.Imm19);

    /// <summary>BR Xn.</summary>
    public A64Assembler BranchRegister(int rn) => Emit((uint)A64Opcode.BranchRegister | Reg(A64Field.Rn, rn));

    /// <summary>RET (X30).</summary>
    public A64Assembler Return() => Emit((uint)A64Opcode.Return | Reg(A64Field.Rn, 30));

    public A64Assembler Wfe() => Emit((uint)A64Opcode.Wfe);

    public A64Assembler Wfi() => Emit((uint)A64Opcode.Wfi);

    public A64Assembler DsbSy() => Emit((uint)A64Opcode.DsbSy);

    /// <summary>The machine code, with every label resolved.</summary>
    public byte[] ToArray()
    {
        var words = _words.ToArray();
        foreach (var (index, label, patch) in _fixups)
        {
            if (!_labels.TryGetValue(label, out var target))
            {
                throw new InvalidOperationException($"undefined label {label}");
            }

            words[index] |= patch((target - (index * 4)) / 4);
        }

        var bytes = new byte[words.Length * 4];
        for (var i = 0; i < words.Length; i++)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(i * 4), words[i]);
        }

        return bytes;
    }

    private A64Assembler EmitBranch(uint opcode, string label, A64Field field)
    {
        _fixups.Add((_words.Count, label, words => field.Encode(words, signed: true)));
        return Emit(opcode);
    }

    private A64Assembler Emit(uint word)
    {
        _words.Add(word);
        return this;
    }

    private static uint Reg(A64Field field, int register) =>
        register is >= 0 and <= 31 ? field.Encode(register) : throw new ArgumentOutOfRangeException(nameof(register));

    private static uint Scaled(int offset, int scale) =>
        offset % scale == 0 ? A64Field.Imm12.Encode(offset / scale) : throw new ArgumentOutOfRangeException(nameof(offset), $"offset {offset} is not a multiple of {scale}");
}
