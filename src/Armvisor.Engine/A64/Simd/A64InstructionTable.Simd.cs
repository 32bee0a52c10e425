namespace Armvisor.Engine.A64.Decoding;

// SAFETY: the rows only take the addresses of static handler and prepare methods (function pointers); nothing is
// dereferenced here.
/// <summary>
/// The FP/AdvSIMD rows (DDI0487 C4.1.95 "Data Processing -- Scalar Floating-Point and Advanced SIMD", and the AdvSIMD
/// structure loads/stores of C4.1.88). Integer AdvSIMD, structure transfers, scalar FP and AdvSIMD FP live in their
/// own partial files next to this one.
/// </summary>
public static unsafe partial class A64InstructionTable
{
    static partial void AddSimdFpRows(List<A64Encoding> rows)
    {
        AddSimdIntegerRows(rows);
        AddSimdShiftAndImmediateRows(rows);
        AddSimdStructureRows(rows);
        AddFpScalarRows(rows);
        AddSimdFpVectorRows(rows);
    }
}
