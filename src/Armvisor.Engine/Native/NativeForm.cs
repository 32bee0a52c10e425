namespace Armvisor.Engine.Native;

/// <summary>The instruction groups <see cref="NativeBlockTranslator"/> translates; anything else ends native translation.</summary>
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
}
