using System.Reflection;
using System.Reflection.Emit;
using Armvisor.Engine.A64.Instructions;
using Armvisor.Engine.Interpreter;

namespace Armvisor.Engine.Execution;

/// <summary>
/// The first compiled tier: a hot block becomes one <see cref="DynamicMethod"/> that calls its records' handlers
/// directly, in order, with each record's address as a constant — no dispatch loop, no indirect calls, and RyuJIT may
/// inline the small handlers. Semantics are the interpreter's exactly (same handlers, same records, same early exit).
/// Handlers are found from their function pointers; a record whose handler is unknown is called through calli.
/// </summary>
internal static unsafe partial class BlockCompiler
{
    /// <summary>Iterations a self-loop runs inside compiled code before returning to the run loop (timers, interrupts).</summary>
    private const int SelfLoopIterations = 64;

    /// <summary>
    /// Executions after which a block is compiled. RyuJIT costs a few hundred microseconds per block and every compiled
    /// block is separate host code (instruction-cache pressure), so only blocks that keep running pay off: measured on
    /// a Debian boot (BENCHMARKS.md §2), 4096 gave the shortest boot; 256 compiled 9,000 blocks and was slower.
    /// </summary>
    public const int DefaultThreshold = 4096;

    private static readonly Dictionary<nint, MethodInfo> KnownHandlers = BuildHandlerMap();
    private static readonly MethodInfo StopMethod = typeof(BlockCompiler).GetMethod(nameof(Stop), BindingFlags.NonPublic | BindingFlags.Static)!;
    private static readonly MethodInfo FinishMethod = typeof(BlockCompiler).GetMethod(nameof(Finish), BindingFlags.NonPublic | BindingFlags.Static)!;
    private static readonly MethodInfo NextChainedMethod = typeof(InterpreterVcpu).GetMethod(nameof(InterpreterVcpu.NextChained), BindingFlags.NonPublic | BindingFlags.Instance)!;
    private static readonly FieldInfo CompiledField = typeof(Block).GetField(nameof(Block.Compiled))!;
    private static readonly MethodInfo InvokeMethod = typeof(Action<InterpreterVcpu, Block>).GetMethod(nameof(Action<InterpreterVcpu, Block>.Invoke))!;

    /// <summary>
    /// The default executions before compiling for new partitions: <see cref="DefaultThreshold"/>, or the environment
    /// variable ARMVISOR_ENGINE_JIT_THRESHOLD (0 disables the tier).
    /// </summary>
    public static int ConfiguredThreshold { get; } = ReadThreshold();

    /// <summary>Compiles <paramref name="block"/>; the result has the shape of <see cref="Block.Execute"/>.</summary>
    /// <param name="block">The block.</param>
    /// <param name="selfLoops">Compile branches back to the block's start as a loop inside the method (not in deterministic mode,
    /// where time advances at block boundaries).</param>
    public static Action<InterpreterVcpu, Block> Compile(Block block, bool selfLoops = true)
    {
        // The first parameter is the delegate's closed-over target (the block itself, unused): a closed delegate is called
        // like an instance method, without the shuffle thunk an open static delegate needs.
        var method = new DynamicMethod($"block_{block.VirtualAddress:X}", null, [typeof(object), typeof(InterpreterVcpu), typeof(Block)],
            typeof(BlockCompiler).Module, skipVisibility: true);
        ILGenerator il = method.GetILGenerator();

        // Called with a null vCPU, the method returns at once: the background compiler calls it so that RyuJIT compiles
        // it on that thread (a DynamicMethod is compiled at its first call, not by CreateDelegate).
        Label run = il.DefineLabel();
        il.Emit(OpCodes.Ldarg_1);
        il.Emit(OpCodes.Brtrue, run);
        il.Emit(OpCodes.Ret);
        il.MarkLabel(run);
        LocalBuilder registers = il.DeclareLocal(typeof(ulong*));
        il.Emit(OpCodes.Ldarg_1);
        il.Emit(OpCodes.Ldfld, RegistersField);
        il.Emit(OpCodes.Stloc, registers);
        t_registers = new RegisterCache(il, registers);
        LocalBuilder iterations = il.DeclareLocal(typeof(int));
        il.Emit(OpCodes.Ldc_I4, SelfLoopIterations);
        il.Emit(OpCodes.Stloc, iterations);
        var loop = new LoopTarget(selfLoops ? block.VirtualAddress : ulong.MaxValue, il.DefineLabel(), iterations, (nint)block.VersionAddress,
            block.CodeVersion, il.DefineLabel());
        il.MarkLabel(loop.Label);
        DecodedInstruction* first = block.First;
        for (int i = 0; i < block.Count; i++)
        {
            DecodedInstruction* record = first + i;
            if (TryEmitSpecialised(il, record, i, registers, loop))
            {
                continue;
            }

            EmitHandlerCall(il, record, i, loop.Leave);
        }

        il.Emit(OpCodes.Ldarg_1);
        il.Emit(OpCodes.Ldarg_2);
        il.Emit(OpCodes.Call, FinishMethod);
        il.MarkLabel(loop.Leave);
        EmitLeave(il);
        t_registers = null;
        return (Action<InterpreterVcpu, Block>)method.CreateDelegate(typeof(Action<InterpreterVcpu, Block>), block);
    }

    /// <summary>Calls the record's handler; when it returns false, counts the records retired and leaves the method.</summary>
    private static void EmitHandlerCall(ILGenerator il, DecodedInstruction* record, int index, Label leave)
    {
        Label next = il.DefineLabel();
        il.Emit(OpCodes.Ldarg_1);
        il.Emit(OpCodes.Ldc_I8, (long)record);
        il.Emit(OpCodes.Conv_U);
        nint handler = (nint)record->Handler;
        if (KnownHandlers.TryGetValue(handler, out MethodInfo? target))
        {
            il.Emit(OpCodes.Call, target);
        }
        else
        {
            il.Emit(OpCodes.Ldc_I8, (long)handler);
            il.Emit(OpCodes.Conv_I);
            il.EmitCalli(OpCodes.Calli, CallingConventions.Standard, typeof(bool), [typeof(InterpreterVcpu), typeof(DecodedInstruction*)], null);
        }

        il.Emit(OpCodes.Brtrue, next);
        il.Emit(OpCodes.Ldarg_1);
        il.Emit(OpCodes.Ldc_I4, index + 1);
        il.Emit(OpCodes.Call, StopMethod);
        il.Emit(OpCodes.Br, leave);
        il.MarkLabel(next);
        t_registers!.Forget(); // the handler may have written any register
    }

    /// <summary>
    /// The method's one exit (every path that leaves the block branches here, so the chaining code exists once per
    /// method and costs RyuJIT little): to the successor <see cref="InterpreterVcpu.NextChained"/> picks, by a tail call (a jump, so
    /// the host stack does not grow and each block's exit predicts its own successor), else back to the run loop.
    /// </summary>
    private static void EmitLeave(ILGenerator il)
    {
        Label toRunLoop = il.DefineLabel();
        il.Emit(OpCodes.Ldarg_1);
        il.Emit(OpCodes.Ldarg_2);
        il.Emit(OpCodes.Call, NextChainedMethod);
        il.Emit(OpCodes.Dup);
        il.Emit(OpCodes.Starg_S, (byte)2);
        il.Emit(OpCodes.Brfalse, toRunLoop);
        il.Emit(OpCodes.Ldarg_2);
        il.Emit(OpCodes.Ldfld, CompiledField);
        il.Emit(OpCodes.Ldarg_1);
        il.Emit(OpCodes.Ldarg_2);
        il.Emit(OpCodes.Tailcall);
        il.Emit(OpCodes.Callvirt, InvokeMethod);
        il.Emit(OpCodes.Ret);
        il.MarkLabel(toRunLoop);
        il.Emit(OpCodes.Ret);
    }

    /// <summary>A handler ended the block after <paramref name="executed"/> records (it set PC).</summary>
    private static void Stop(InterpreterVcpu vcpu, int executed) => vcpu.Retired += (ulong)executed;

    /// <summary>Every record fell through: continue after the block.</summary>
    private static void Finish(InterpreterVcpu vcpu, Block block)
    {
        vcpu.State.Pc = block.EndPc;
        vcpu.Retired += (ulong)block.Count;
    }

    private static int ReadThreshold() =>
        int.TryParse(Environment.GetEnvironmentVariable("ARMVISOR_ENGINE_JIT_THRESHOLD"), out int value) && value >= 0
            ? value
            : DefaultThreshold;

    /// <summary>
    /// Every handler method of the interpreter (signature <c>bool (InterpreterVcpu, DecodedInstruction*)</c>), keyed by
    /// the function pointer the table stores; generic addressing-mode handlers are instantiated for every transfer type.
    /// </summary>
    private static Dictionary<nint, MethodInfo> BuildHandlerMap()
    {
        var map = new Dictionary<nint, MethodInfo>();
        Type[] types = typeof(BlockCompiler).Assembly.GetTypes();
        Type[] transfers = Array.FindAll(types, t => t.IsValueType && typeof(IMemoryTransfer).IsAssignableFrom(t));
        foreach (Type type in types)
        {
            if (!type.IsAbstract || !type.IsSealed)
            {
                continue; // static classes only
            }

            foreach (MethodInfo method in type.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.DeclaredOnly))
            {
                ParameterInfo[] parameters = method.GetParameters();
                if (method.ReturnType != typeof(bool) || parameters.Length != 2 || parameters[0].ParameterType != typeof(InterpreterVcpu)
                    || parameters[1].ParameterType != typeof(DecodedInstruction*))
                {
                    continue;
                }

                if (!method.IsGenericMethodDefinition)
                {
                    map[method.MethodHandle.GetFunctionPointer()] = method;
                    continue;
                }

                foreach (Type transfer in transfers)
                {
                    MethodInfo instance = method.MakeGenericMethod(transfer);
                    map[instance.MethodHandle.GetFunctionPointer()] = instance;
                }
            }
        }

        return map;
    }
}
