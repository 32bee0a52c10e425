using Armvisor.Arm64;
using Armvisor.Engine.AArch32.System;
using Armvisor.Engine.Interpreter;
using Armvisor.Engine.SystemLevel;

namespace Armvisor.Engine;

/// <summary>
/// The AArch64 System register an AArch32 CP15 encoding is architecturally mapped to (DDI0487 G8.2; the engine's CP15
/// table), for an agent that emulates a trapped MCR/MRC/MCRR/MRRC with the register it already emulates for MSR/MRS:
/// the hypervisor core answers ICC_IAR1 (p15, 0, c12, c12, 0) as ICC_IAR1_EL1.
/// </summary>
public static class AArch32SystemRegisterMap
{
    /// <summary>The mapped AArch64 encoding of a trapped CP15 access, or null when the encoding is not declared.</summary>
    public static SystemRegisterEncoding? FindCp15(CoprocessorIss iss)
    {
        int key = iss.IsTwoRegister
            ? Cp15RegisterTable.Key64(iss.Opc1, iss.CRm)
            : Cp15RegisterTable.Key32(iss.Opc1, iss.CRn, iss.CRm, iss.Opc2);
        return Cp15RegisterTable.ByKey.TryGetValue(key, out Cp15Register? row) ? SystemRegisterTable.Find(row.TargetKey)?.Encoding : null;
    }
}
