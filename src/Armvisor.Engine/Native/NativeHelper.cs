using System.Runtime.InteropServices;
using Armvisor.Engine.Interpreter;
using Armvisor.Engine.Interpreter.Execution;

namespace Armvisor.Engine.Native;

/// <summary>
/// The one call translated code makes into managed code: a record with no inline translation (MRS/MSR of anything but a
/// plain register, SYS, exclusives, FP/SIMD...) runs its own handler — the interpreter's semantics, written once —
/// without ending the native block. Entered as a reverse P/Invoke (translated code itself is entered by a normal
/// P/Invoke, so the GC may run inside a handler); nothing is thrown back into native frames
/// (<see cref="InterpreterVcpu"/> keeps a handler's exception and rethrows it once translated code has returned).
/// </summary>
internal static unsafe class NativeHelper
{
    /// <summary>The helper's entry, stored in <see cref="NativeContext.Helper"/>.</summary>
    public static nint Address => (nint)(delegate* unmanaged<NativeContext*, DecodedInstruction*, ulong, int, int>)&Run;

    [UnmanagedCallersOnly]
    private static int Run(NativeContext* context, DecodedInstruction* record, ulong retiredInRun, int mayContinue)
    {
        var vcpu = (InterpreterVcpu)GCHandle.FromIntPtr(context->Vcpu).Target!;
        return vcpu.RunNativeHelper(context, record, retiredInRun, mayContinue != 0);
    }
}
