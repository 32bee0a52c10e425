namespace Armvisor.Engine;

/// <summary>
/// The highest execution tier the engine uses for A64 code. Every tier has the interpreter's semantics exactly; they
/// differ in speed. The interpreter stays the oracle and runs whatever a higher tier does not translate.
/// </summary>
public enum EngineTier
{
    /// <summary>The threaded interpreter only.</summary>
    Interpreter,

    /// <summary>The interpreter, and hot blocks compiled to IL by RyuJIT in the background.</summary>
    Compiled,

    /// <summary>
    /// Blocks translated to x86-64 machine code at their second run, with the compiled tier for the blocks it does not
    /// cover (the default; on a host other than Linux x86-64 it is the compiled tier).
    /// </summary>
    Native,
}
