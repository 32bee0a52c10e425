using Armvisor.Engine.Interpreter;
using Armvisor.Engine.Execution;
using Armvisor.Engine.A64.Instructions;
using Iced.Intel;
using static Iced.Intel.AssemblerRegisters;

namespace Armvisor.Engine.Native;

/// <summary>
/// LDR/STR of B, H, S, D and Q registers (offset, register offset, pre- and post-index; DDI0487 C7.2.177/C7.2.315):
/// the integer loads' fast path, after the FP/AdvSIMD enable the run loop copied into the context (a disabled FP
/// takes the slow path, whose handler raises the trap). A load writes the element and zeroes the rest of the
/// 128-bit register (DDI0487 C1.2.5: a scalar write clears the upper bits).
/// </summary>
internal sealed unsafe partial class NativeBlockTranslator
{
    /// <summary>Handler → (addressing mode, size in bytes, load), from the transfer types the table's rows instantiate.</summary>
    private static readonly Dictionary<nint, (BlockCompiler.InlineMode Mode, int Size, bool Load)> SimdAccesses = BuildSimdAccesses();

    private static Dictionary<nint, (BlockCompiler.InlineMode Mode, int Size, bool Load)> BuildSimdAccesses()
    {
        var map = new Dictionary<nint, (BlockCompiler.InlineMode, int, bool)>();
        void Add<T>(int size, bool load) where T : struct, IMemoryTransfer
        {
            map[(nint)(delegate* managed<InterpreterVcpu, DecodedInstruction*, bool>)&LoadStoreInstructions.Offset<T>] = (BlockCompiler.InlineMode.Offset, size, load);
            map[(nint)(delegate* managed<InterpreterVcpu, DecodedInstruction*, bool>)&LoadStoreInstructions.RegisterOffset<T>] = (BlockCompiler.InlineMode.Register, size, load);
            map[(nint)(delegate* managed<InterpreterVcpu, DecodedInstruction*, bool>)&LoadStoreInstructions.PreIndex<T>] = (BlockCompiler.InlineMode.PreIndex, size, load);
            map[(nint)(delegate* managed<InterpreterVcpu, DecodedInstruction*, bool>)&LoadStoreInstructions.PostIndex<T>] = (BlockCompiler.InlineMode.PostIndex, size, load);
        }

        Add<LoadSimdByte>(1, true);
        Add<LoadSimdHalfword>(2, true);
        Add<LoadSimdWord>(4, true);
        Add<LoadSimdDoubleword>(8, true);
        Add<LoadSimdQuadword>(16, true);
        Add<StoreSimdByte>(1, false);
        Add<StoreSimdHalfword>(2, false);
        Add<StoreSimdWord>(4, false);
        Add<StoreSimdDoubleword>(8, false);
        Add<StoreSimdQuadword>(16, false);
        return map;
    }

    private void EmitLoadStoreSimd(DecodedInstruction* d, int index)
    {
        (BlockCompiler.InlineMode mode, int size, bool load) = SimdAccesses[(nint)d->Handler];
        Label slow = SlowPath(index);
        _a.cmp(__dword_ptr[rdi + NativeContext.FpEnabledOffset], 0);
        _a.je(slow);
        EmitAddress(d, mode, slow);
        EmitTlbHit(load, size - 1, slow);
        _a.mov(r9, __qword_ptr[rdi + NativeContext.VOffset]);
        int v = d->Rd * 16;
        if (load)
        {
            if (size == 16)
            {
                _a.movups(xmm0, __xmmword_ptr[rax]);
                _a.movups(__xmmword_ptr[r9 + v], xmm0);
            }
            else
            {
                switch (size)
                {
                    case 1: _a.movzx(ecx, __byte_ptr[rax]); break;
                    case 2: _a.movzx(ecx, __word_ptr[rax]); break;
                    case 4: _a.mov(ecx, __dword_ptr[rax]); break;
                    default: _a.mov(rcx, __qword_ptr[rax]); break;
                }

                _a.mov(__qword_ptr[r9 + v], rcx);
                _a.mov(__qword_ptr[r9 + v + 8], 0);
            }
        }
        else if (size == 16)
        {
            _a.movups(xmm0, __xmmword_ptr[r9 + v]);
            _a.movups(__xmmword_ptr[rax], xmm0);
        }
        else
        {
            _a.mov(rcx, __qword_ptr[r9 + v]);
            switch (size)
            {
                case 1: _a.mov(__byte_ptr[rax], cl); break;
                case 2: _a.mov(__word_ptr[rax], cx); break;
                case 4: _a.mov(__dword_ptr[rax], ecx); break;
                default: _a.mov(__qword_ptr[rax], rcx); break;
            }
        }

        EmitWriteBack(d, mode);
    }
}
