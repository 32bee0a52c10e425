namespace Armvisor.Engine;

/// <summary>Which accesses a host debugger's watchpoint stops on (GDB's Z2 write, Z3 read, Z4 access watchpoints).</summary>
public enum DebugWatchpointKind : byte
{
    /// <summary>Stores (gdb <c>watch</c>, packet Z2).</summary>
    Write,

    /// <summary>Loads (gdb <c>rwatch</c>, packet Z3).</summary>
    Read,

    /// <summary>Loads and stores (gdb <c>awatch</c>, packet Z4).</summary>
    Access,
}
