using Armvisor.Engine.A64.Instructions;

namespace Armvisor.Engine.Native;

/// <summary>The instruction groups <see cref="NativeBlockTranslator"/> translates; a record of any other row is a helper call, except the waiting hints, which end native translation.</summary>
internal enum NativeForm
{
    None,
    AddSubImmediate,
    LogicalImmediate,
    MoveWide,
    Adr,
    UnsignedBitfield,
    SignedBitfield,
    Extract,
    AddSubShifted,
    AddSubExtended,
    ConditionalCompare,
    Hint,
    LogicalShifted,
    ConditionalSelect,
    MultiplyAdd,
    ShiftVariable,
    Divide,
    Branch,
    BranchConditional,
    CompareBranch,
    TestBranch,
    BranchRegister,
    LoadStore,
    LoadStorePair,
    LoadStorePairWord,
    LoadStoreSimd,
    LoadAcquire,
    StoreRelease,
    SystemRegisterMove,
    MemoryBarrier,
    Prefetch,
    FpArithmetic,
    FpMulAdd,
    FpCompare,
    FpMove,
    FpMoveGeneral,
    FpConvert,

    /// <summary>No translation of its own: translated code returns to the run loop, which runs the record's handler and re-enters after it.</summary>
    Helper,
}
