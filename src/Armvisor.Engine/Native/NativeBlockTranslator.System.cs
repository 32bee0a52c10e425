using Armvisor.Engine.Interpreter;
using Armvisor.Engine.A64.Decoding;
using Armvisor.Engine.Execution;
using Iced.Intel;
using static Iced.Intel.AssemblerRegisters;

namespace Armvisor.Engine.Native;

/// <summary>
/// MRS/MSR, barriers and the helper call. A System-register move is inline only for NZCV and for the registers the
/// System-register table calls plain storage under the block's Exception level (<see cref="SystemRegisterFile.PlainStorage"/>:
/// no trap control, no side effect, no EL0 control bit — the table decides, nothing is re-declared here); every other
/// access, and every row with no translation of its own, is a helper exit (<see cref="EmitHelper"/>): its handler runs
/// and translated code goes on, without ending the block.
/// </summary>
internal sealed unsafe partial class NativeBlockTranslator
{
    /// <summary>The vCPU whose System-register table and state are asked at translate time (null: every move is a helper call).</summary>
    internal InterpreterVcpu? Vcpu { get; set; }

    /// <summary>MRS Xt, sysreg / MSR sysreg, Xt (DDI0487 C5.2, C6.2.227/229): inline for NZCV and plain storage.</summary>
    private void EmitSystemRegisterMove(DecodedInstruction* d, int index)
    {
        bool read = ((d->Raw >> 21) & 1) != 0; // L: 1 = MRS
        ushort key = (ushort)d->Imm;
        if (key == SysRegKeys.Nzcv)
        {
            // NZCV (DDI0487 C5.2.9): N Z C V in bits [31:28], the rest RES0; accessible at EL0 and never trapped.
            if (read)
            {
                _a.mov(eax, __dword_ptr[rdi + NativeContext.NzcvOffset]);
                StoreX(d->Rd, rax);
            }
            else
            {
                LoadX(rax, d->Rd);
                _a.and(eax, unchecked((int)0xF000_0000));
                _a.mov(__dword_ptr[rdi + NativeContext.NzcvOffset], eax);
            }

            return;
        }

        ulong* storage = Vcpu is { } vcpu ? vcpu.Registers.PlainStorage(vcpu.State, key, isWrite: !read) : null;
        if (storage == null)
        {
            EmitHelper(d, index);
            return;
        }

        _a.mov(rax, (ulong)storage);
        if (read)
        {
            _a.mov(rcx, __qword_ptr[rax]);
            StoreX(d->Rd, rcx);
        }
        else
        {
            LoadX(rcx, d->Rd);
            _a.mov(__qword_ptr[rax], rcx);
        }
    }

    /// <summary>
    /// DMB (DDI0487 B2.3.12, C6.2.81): guest memory is host memory, ordered by x86-TSO (Intel SDM vol. 3 §9.2.2), which
    /// only lets a later load pass an earlier store. So DMB LD (CRm[1:0] = 01: loads before loads and stores) and
    /// DMB ST (10: stores before stores) need no host instruction; the full DMB (11) is an MFENCE. DSB also completes
    /// broadcast TLB maintenance, so it stays a helper call.
    /// </summary>
    private void EmitMemoryBarrier(DecodedInstruction* d)
    {
        if (((d->Raw >> 8) & 3) == 3)
        {
            _a.mfence();
        }
    }

    /// <summary>
    /// A helper exit: translated code returns <c>-2 - (2 × index + mayContinue)</c> with <see cref="NativeContext.Resume"/>
    /// pointing at a re-entry right after it; the run loop runs the record's handler (the interpreter's semantics,
    /// written once, with no native frame on the stack) and, when translated code may go on, calls the re-entry, which
    /// rebuilds the entry's frame (the instructions retired so far were handed over at the exit, so rbx starts at 0).
    /// MRS and every row that does not end a block may go on; MSR, SYS, ISB, exception-generating rows and the other
    /// block-ending rows return to the run loop after their handler, as under the interpreter. Always false: the
    /// fall-through exit follows.
    /// </summary>
    private bool EmitHelper(DecodedInstruction* d, int index)
    {
        A64Encoding? encoding = A64Decoder.Find(d->Raw);
        bool mayContinue = encoding is not null && (!encoding.EndsBlock || encoding.Mnemonic == "MRS");
        Label resume = _a.CreateLabel();
        _a.lea(rax, __[resume]);
        _a.mov(__qword_ptr[rdi + NativeContext.ResumeOffset], rax);
        _a.mov(__dword_ptr[rdi + NativeContext.ExitBlockOffset], _id);
        EmitReturn(-2 - ((2 * index) + (mayContinue ? 1 : 0)));
        _a.Label(ref resume);
        EmitFrame();
        return false;
    }
}
