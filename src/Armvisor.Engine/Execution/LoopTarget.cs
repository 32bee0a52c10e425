using System.Reflection.Emit;

namespace Armvisor.Engine.Execution;

/// <summary>
/// A compiled block's own start, for branches back to it: <see cref="Start"/> (ulong.MaxValue when self-loops are off),
/// the IL label, the local counting the remaining iterations, and the code-version check that ends the loop when the
/// block's page is written; and <see cref="Leave"/>, the method's one exit (chain to a successor or return).
/// </summary>
internal readonly record struct LoopTarget(ulong Start, Label Label, LocalBuilder Iterations, nint VersionAddress, int Version, Label Leave);
