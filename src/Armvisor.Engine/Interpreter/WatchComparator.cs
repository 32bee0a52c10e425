namespace Armvisor.Engine.Interpreter;

/// <summary>
/// One enabled watch comparator as the byte range [<see cref="Start"/>, <see cref="End"/>) it watches: a guest
/// DBGWCR&lt;n&gt;_EL1/DBGWVR&lt;n&gt;_EL1 pair (<see cref="Host"/> null: loads/stores per LSC, ELs per PAC) or a host
/// debugger's watchpoint (<see cref="Host"/> set: every EL, accesses per its kind).
/// </summary>
internal readonly record struct WatchComparator(ulong Start, ulong End, bool Loads, bool Stores, bool El0, bool El1, DebugWatchpoint? Host)
{
    /// <summary>The access [va, va + size) touches a watched byte.</summary>
    public bool Overlaps(ulong va, int size) => va < End && va + (ulong)size > Start;

    /// <summary>The range touches the page starting at <paramref name="page"/>.</summary>
    public bool TouchesPage(ulong page) => Start < page + InterpreterConstants.PageSize && End > page;
}
