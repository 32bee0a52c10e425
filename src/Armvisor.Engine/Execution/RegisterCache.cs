using System.Reflection.Emit;

namespace Armvisor.Engine.Execution;

/// <summary>
/// Guest general-purpose registers held in IL locals while a block is compiled, so that RyuJIT can keep them in host
/// registers instead of reloading X[n] through the vCPU's pointer (which it must assume any store may alias).
/// Write-through: every write also goes to the vCPU's register file at once, so the file is always current and
/// handlers, exits and exceptions need no flush. What the cache tracks is only which locals hold the current value at
/// the point being emitted: loads fill a local; a handler call, which may write any register, forgets them all; where
/// two paths join, the state is the one both paths make true.
/// </summary>
internal sealed class RegisterCache
{
    private readonly ILGenerator _il;
    private readonly LocalBuilder _file;
    private readonly LocalBuilder?[] _locals = new LocalBuilder?[31];
    private readonly bool[] _valid = new bool[31];

    public RegisterCache(ILGenerator il, LocalBuilder registerFile)
    {
        _il = il;
        _file = registerFile;
    }

    /// <summary>Pushes Xn from its local, filling the local from the register file first if it is not current.</summary>
    public void Load(int n)
    {
        LocalBuilder local = LocalOf(n);
        if (!_valid[n])
        {
            EmitFileAddress(n);
            _il.Emit(OpCodes.Ldind_I8);
            _il.Emit(OpCodes.Stloc, local);
            _valid[n] = true;
        }

        _il.Emit(OpCodes.Ldloc, local);
    }

    /// <summary>Xn = the value on the stack, in the local and in the register file.</summary>
    public void Store(int n)
    {
        LocalBuilder local = LocalOf(n);
        _il.Emit(OpCodes.Stloc, local);
        EmitFileAddress(n);
        _il.Emit(OpCodes.Ldloc, local);
        _il.Emit(OpCodes.Stind_I8);
        _valid[n] = true;
    }

    /// <summary>Which locals are current here (to restore at a join).</summary>
    public bool[] Snapshot() => (bool[])_valid.Clone();

    /// <summary>Code ran that may have written any register (a handler): no local is current.</summary>
    public void Forget() => Array.Clear(_valid);

    /// <summary>
    /// Emits reloads of the locals current in <paramref name="state"/> from the register file and makes that the
    /// state: used on a path (a handler call) that joins one where <paramref name="state"/> holds.
    /// </summary>
    public void Reload(bool[] state)
    {
        for (int n = 0; n < state.Length; n++)
        {
            if (state[n])
            {
                EmitFileAddress(n);
                _il.Emit(OpCodes.Ldind_I8);
                _il.Emit(OpCodes.Stloc, LocalOf(n));
            }
        }

        state.CopyTo(_valid, 0);
    }

    private LocalBuilder LocalOf(int n) => _locals[n] ??= _il.DeclareLocal(typeof(ulong));

    private void EmitFileAddress(int n)
    {
        _il.Emit(OpCodes.Ldloc, _file);
        _il.Emit(OpCodes.Ldc_I4, n * 8);
        _il.Emit(OpCodes.Add);
    }
}
