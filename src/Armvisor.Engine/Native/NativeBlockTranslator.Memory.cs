using Armvisor.Engine.Interpreter;
using Armvisor.Engine.Execution;
using Armvisor.Engine.Tlb;
using Iced.Intel;
using static Iced.Intel.AssemblerRegisters;

namespace Armvisor.Engine.Native;

/// <summary>
/// Loads and stores with the soft-TLB fast path inline (the compiled tier's <c>EmitTlbHit</c>, in x86): the entry's
/// read or write tag must equal the address masked to its page plus its alignment bits, so an aligned access to a RAM
/// page that hits is one compare and one host access. Anything else — a miss, a misaligned address, a code page for a
/// store (its write tag carries NotDirty), a misaligned SP, a page crossing of a pair — leaves through the record's
/// slow path before anything is written, and the run loop redoes the whole instruction through its handler.
/// </summary>
internal sealed unsafe partial class NativeBlockTranslator
{
    /// <summary>rdx = Xn|SP (+ offset): the base of a load/store, or to the slow path for a misaligned SP.</summary>
    private void EmitBase(DecodedInstruction* d, Label slow)
    {
        if (d->Rn == 31)
        {
            // SP alignment checking (SCTLR_EL1.SA/SA0, DDI0487 D1.8.2) is the handler's: a misaligned SP takes it.
            _a.mov(rdx, __qword_ptr[rdi + NativeContext.SpOffset]);
            _a.test(dl, 15);
            _a.jne(slow);
        }
        else
        {
            _a.mov(rdx, __qword_ptr[rsi + XOffset(d->Rn)]);
        }
    }

    private void AddImmediate(AssemblerRegister64 reg, ulong imm)
    {
        long value = (long)imm;
        if (value == 0)
        {
            return;
        }

        if (value is >= int.MinValue and <= int.MaxValue)
        {
            _a.add(reg, (int)value);
        }
        else
        {
            _a.mov(rcx, imm);
            _a.add(reg, rcx);
        }
    }

    /// <summary>rax = host address of va (rdx) if the data TLB hits for an aligned access of the given kind, else to <paramref name="slow"/>.</summary>
    private void EmitTlbHit(bool load, int alignmentMask, Label slow)
    {
        _a.mov(rax, rdx);
        _a.shr(rax, InterpreterConstants.PageShift);
        _a.and(eax, SoftTlb.Entries - 1);
        _a.shl(eax, 5); // sizeof(TlbEntry) == 32
        _a.add(rax, __qword_ptr[rdi + NativeContext.DataTlbOffset]);
        _a.mov(rcx, rdx);
        _a.and(rcx, (int)(InterpreterConstants.PageMask | (ulong)alignmentMask));
        _a.cmp(rcx, __qword_ptr[rax + (load ? 0 : 8)]); // TlbEntry.ReadTag / WriteTag
        _a.jne(slow);
        _a.mov(rax, __qword_ptr[rax + 24]); // TlbEntry.Addend
        _a.add(rax, rdx);
    }

    /// <summary>LDR/LDRB/LDRH/LDRSB/LDRSH/LDRSW/STR/STRB/STRH: offset, register offset, pre- and post-index.</summary>
    private void EmitLoadStore(DecodedInstruction* d, int index)
    {
        (BlockCompiler.InlineMode mode, int size, bool load, bool signed) = BlockCompiler.InlineAccesses[(nint)d->Handler];
        Label slow = SlowPath(index);
        EmitAddress(d, mode, slow);
        EmitTlbHit(load, size - 1, slow);
        if (load)
        {
            bool signed32 = (d->Flags & InstructionFlags.Signed32) != 0;
            switch (size)
            {
                case 1:
                    if (!signed)
                    {
                        _a.movzx(ecx, __byte_ptr[rax]);
                    }
                    else if (signed32)
                    {
                        _a.movsx(ecx, __byte_ptr[rax]);
                    }
                    else
                    {
                        _a.movsx(rcx, __byte_ptr[rax]);
                    }

                    break;
                case 2:
                    if (!signed)
                    {
                        _a.movzx(ecx, __word_ptr[rax]);
                    }
                    else if (signed32)
                    {
                        _a.movsx(ecx, __word_ptr[rax]);
                    }
                    else
                    {
                        _a.movsx(rcx, __word_ptr[rax]);
                    }

                    break;
                case 4:
                    if (signed)
                    {
                        _a.movsxd(rcx, __dword_ptr[rax]);
                    }
                    else
                    {
                        _a.mov(ecx, __dword_ptr[rax]);
                    }

                    break;
                default:
                    _a.mov(rcx, __qword_ptr[rax]);
                    break;
            }

            StoreX(d->Rd, rcx);
        }
        else
        {
            LoadX(rcx, d->Rd);
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

    /// <summary>rdx = the address of a single-register access in <paramref name="mode"/> (post-index: the base).</summary>
    private void EmitAddress(DecodedInstruction* d, BlockCompiler.InlineMode mode, Label slow)
    {
        EmitBase(d, slow);
        if (mode == BlockCompiler.InlineMode.Register)
        {
            LoadX(rcx, d->Rm);
            switch (d->Option)
            {
                case 2: _a.mov(ecx, ecx); break; // UXTW
                case 6: _a.movsxd(rcx, ecx); break; // SXTW
            }

            if (d->Shift != 0)
            {
                _a.shl(rcx, d->Shift);
            }

            _a.add(rdx, rcx);
        }
        else if (mode != BlockCompiler.InlineMode.PostIndex)
        {
            AddImmediate(rdx, d->Imm);
        }
    }

    /// <summary>Pre- and post-index: Xn|SP = the address (rdx), post-index after adding the offset.</summary>
    private void EmitWriteBack(DecodedInstruction* d, BlockCompiler.InlineMode mode)
    {
        if (mode is BlockCompiler.InlineMode.PreIndex or BlockCompiler.InlineMode.PostIndex)
        {
            if (mode == BlockCompiler.InlineMode.PostIndex)
            {
                AddImmediate(rdx, d->Imm);
            }

            StoreXOrSp(d->Rn, rdx);
        }
    }

    /// <summary>LDP/STP of two Doublewords (offset, pre- and post-index): both in one page that hits, 8-byte aligned.</summary>
    private void EmitLoadStorePair(DecodedInstruction* d, int index) =>
        EmitLoadStorePair(d, index, size: 8, load: (nint)d->Handler == BlockCompiler.LdpDoublewordHandler, signed: false);

    /// <summary>LDP/STP of two Words and LDPSW (offset, pre- and post-index, LDNP/STNP): both in one page that hits, 4-byte aligned.</summary>
    private void EmitLoadStorePairWord(DecodedInstruction* d, int index) =>
        EmitLoadStorePair(d, index, size: 4, load: (nint)d->Handler != StpWordHandler, signed: (nint)d->Handler == LdpswHandler);

    private void EmitLoadStorePair(DecodedInstruction* d, int index, int size, bool load, bool signed)
    {
        bool writeBack = (d->Flags & InstructionFlags.WriteBack) != 0;
        bool postIndex = (d->Flags & InstructionFlags.PostIndex) != 0;
        Label slow = SlowPath(index);
        EmitBase(d, slow);
        if (!postIndex)
        {
            AddImmediate(rdx, d->Imm);
        }

        _a.mov(eax, edx);
        _a.and(eax, (int)InterpreterConstants.PageOffsetMask);
        _a.cmp(eax, (int)InterpreterConstants.PageSize - (2 * size));
        _a.ja(slow);
        EmitTlbHit(load, alignmentMask: size - 1, slow);
        if (load)
        {
            if (size == 8)
            {
                _a.mov(rcx, __qword_ptr[rax]);
                _a.mov(r8, __qword_ptr[rax + 8]);
            }
            else if (signed)
            {
                _a.movsxd(rcx, __dword_ptr[rax]);
                _a.movsxd(r8, __dword_ptr[rax + 4]);
            }
            else
            {
                _a.mov(ecx, __dword_ptr[rax]);
                _a.mov(r8d, __dword_ptr[rax + 4]);
            }

            StoreX(d->Rd, rcx);
            StoreX(d->Ra, r8);
        }
        else
        {
            LoadX(rcx, d->Rd);
            LoadX(r8, d->Ra);
            if (size == 8)
            {
                _a.mov(__qword_ptr[rax], rcx);
                _a.mov(__qword_ptr[rax + 8], r8);
            }
            else
            {
                _a.mov(__dword_ptr[rax], ecx);
                _a.mov(__dword_ptr[rax + 4], r8d);
            }
        }

        EmitWriteBack(d, writeBack ? (postIndex ? BlockCompiler.InlineMode.PostIndex : BlockCompiler.InlineMode.PreIndex) : BlockCompiler.InlineMode.Offset);
    }

    /// <summary>
    /// LDAR (DDI0487 C6.2.129): an aligned load; x86 loads are not reordered with later loads or stores (Intel SDM vol. 3
    /// §9.2.2), which is the acquire order (DDI0487 B2.3.11). A misaligned address (an Alignment fault whatever
    /// SCTLR_ELx.A says) takes the slow path, whose handler raises it.
    /// </summary>
    private void EmitLoadAcquire(DecodedInstruction* d, int index)
    {
        Label slow = SlowPath(index);
        EmitBase(d, slow);
        EmitTlbHit(load: true, d->Size - 1, slow);
        switch (d->Size)
        {
            case 1: _a.movzx(ecx, __byte_ptr[rax]); break;
            case 2: _a.movzx(ecx, __word_ptr[rax]); break;
            case 4: _a.mov(ecx, __dword_ptr[rax]); break;
            default: _a.mov(rcx, __qword_ptr[rax]); break;
        }

        StoreX(d->Rd, rcx);
    }

    /// <summary>
    /// STLR (DDI0487 C6.2.331): an aligned store ordered after every earlier access and, being RCsc, before every later
    /// Load-Acquire (B2.3.11). x86 may let a later load pass a plain store, so the store is an XCHG, which is locked and
    /// therefore a full fence (Intel SDM vol. 3 §9.2.3.9).
    /// </summary>
    private void EmitStoreRelease(DecodedInstruction* d, int index)
    {
        Label slow = SlowPath(index);
        EmitBase(d, slow);
        EmitTlbHit(load: false, d->Size - 1, slow);
        LoadX(rcx, d->Rd);
        switch (d->Size)
        {
            case 1: _a.xchg(__byte_ptr[rax], cl); break;
            case 2: _a.xchg(__word_ptr[rax], cx); break;
            case 4: _a.xchg(__dword_ptr[rax], ecx); break;
            default: _a.xchg(__qword_ptr[rax], rcx); break;
        }
    }
}
