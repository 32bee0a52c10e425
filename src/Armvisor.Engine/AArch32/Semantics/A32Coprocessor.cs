using Armvisor.Arm64;
using Armvisor.Engine.AArch32.System;
using Armvisor.Engine.Interpreter;
using Armvisor.Engine.Execution;
using Armvisor.Engine.SystemLevel;

namespace Armvisor.Engine.AArch32.Semantics;

// SAFETY: as A32Exceptions.
/// <summary>
/// MRC/MCR and MRRC/MCRR on CP15, and MRC/MCR on CP14 (DDI0487 F5.1; G8.2, G8.3): the encoding is looked up in <see cref="Cp15RegisterTable"/>,
/// the access is checked by the mapped AArch64 row (EL0 rules, HCR_EL2 traps such as TVM/TRVM, TID*, TTLB), and a
/// trap to EL2 leaves Run with EC 0x03 (MCR/MRC) or 0x04 (MCRR/MRRC) and the AArch32 ISS (CV, COND, Opc1/Opc2, CRn,
/// CRm, Rt/Rt2 in the AArch64 view, direction), as the hypervisor core's DACR virtualization will need.
/// Cache maintenance is a no-op (no caches are modelled), TLB maintenance flushes the soft TLB (local, or broadcast for
/// the *IS forms), ATS1C* writes PAR in the short-descriptor format.
/// </summary>
internal static unsafe class A32Coprocessor
{
    public static bool Transfer32(InterpreterVcpu v, DecodedInstruction* d)
    {
        uint raw = d->Raw;
        int opc1 = (int)((raw >> 21) & 7), crn = (int)((raw >> 16) & 0xF), rt = (int)((raw >> 12) & 0xF);
        int opc2 = (int)((raw >> 5) & 7), crm = (int)(raw & 0xF);
        bool read = (raw & (1u << 20)) != 0;
        bool cp14 = ((raw >> 8) & 0xF) == 14;
        int key = cp14 ? Cp15RegisterTable.Key32Cp14(opc1, crn, crm, opc2) : Cp15RegisterTable.Key32(opc1, crn, crm, opc2);
        if (rt == 15 || !Cp15RegisterTable.ByKey.TryGetValue(key, out Cp15Register? reg) || (reg.ReadOnly && !read))
        {
            return A32Exceptions.Undefined(v, d);
        }

        uint iss = A32Exceptions.ConditionIss(raw) | ((uint)opc2 << 17) | ((uint)opc1 << 14) | ((uint)crn << 10)
            | ((uint)v.XIndex(rt) << 5) | ((uint)crm << 1) | (read ? 1u : 0);
        // A trapped MCR/MRC p14 is EC 0x05 with the same ISS layout (DDI0487 D17.2.37).
        var trap = ExceptionSyndrome.Create(cp14 ? ExceptionClass.McrMrcCp14 : ExceptionClass.McrMrcCp15, iss);
        SystemRegisterFile registers = v.Registers;
        if (reg.Barrier)
        {
            if (read)
            {
                return A32Exceptions.Undefined(v, d);
            }

            Interlocked.MemoryBarrier();
            v.CompleteBroadcastTlbMaintenance();
            return true;
        }

        SystemRegisterDefinition target = SystemRegisterTable.Find(reg.TargetKey)!;
        if (target.Kind == SystemRegisterKind.Instruction)
        {
            if (read || !v.ResolveAccess(d, registers.CheckInstruction(v.State, reg.TargetKey, out SystemOperation operation), trap))
            {
                return read ? A32Exceptions.Undefined(v, d) : false;
            }

            return Perform(v, d, operation, v.R(d, rt));
        }

        if (!v.ResolveAccess(d, registers.CheckMapped(v.State, reg.TargetKey, isWrite: !read), trap))
        {
            return false;
        }

        if (read)
        {
            if (target.Special is SpecialRegister.CounterFrequency || target.Kind == SystemRegisterKind.Timer)
            {
                v.SyncDeterministicCounter();
            }

            ulong value = reg.ConstantValue ?? registers.ReadMapped(v.State, reg.TargetKey);
            v.WriteR(rt, (uint)(reg.Part == Cp15Part.High ? value >> 32 : value));
            return true;
        }

        WriteRegister(v, reg, target, v.R(d, rt));
        return true;
    }

    /// <summary>
    /// Completes an MCR the agent trapped (EC 0x03, e.g. HCR_EL2.TVM/TTLB) and emulated: the register write, or the TLB
    /// maintenance, with the effects the untrapped instruction has. False if the ISS names no such write.
    /// </summary>
    public static bool CompleteTrappedWrite(InterpreterVcpu v, uint iss, uint value)
    {
        int opc2 = (int)((iss >> 17) & 7), opc1 = (int)((iss >> 14) & 7), crn = (int)((iss >> 10) & 0xF), crm = (int)((iss >> 1) & 0xF);
        if ((iss & 1) != 0 || !Cp15RegisterTable.ByKey.TryGetValue(Cp15RegisterTable.Key32(opc1, crn, crm, opc2), out Cp15Register? reg)
            || reg.Barrier)
        {
            return false;
        }

        SystemRegisterDefinition target = SystemRegisterTable.Find(reg.TargetKey)!;
        if (target.Kind != SystemRegisterKind.Instruction)
        {
            // Under a short-descriptor shadow the guest's DACR selects no cached translation (the shadow's processor
            // DACR does, and the hypervisor invalidates the regions its DACR write changed): no whole-TLB flush here.
            WriteRegister(v, reg, target, value,
                keepTranslations: v.HasShortDescriptorShadow && reg.TargetKey == SystemRegisterTable.Dacr32El2.Key);
            return true;
        }

        bool broadcast = (crn == 8 && crm == 3) || v.Registers.ForceBroadcast;
        switch (target.Operation)
        {
            case SystemOperation.TlbInvalidateAll or SystemOperation.TlbInvalidateByAsid:
                v.InvalidateTlb(0, all: true, broadcast);
                return true;
            case SystemOperation.TlbInvalidateByVa or SystemOperation.TlbInvalidateByVaLastLevel
                or SystemOperation.TlbInvalidateByVaAllAsids or SystemOperation.TlbInvalidateByVaAllAsidsLastLevel:
                v.InvalidateTlb(value & 0xFFFF_F000u, all: false, broadcast);
                return true;
            default:
                return false;
        }
    }

    private static void WriteRegister(InterpreterVcpu v, Cp15Register reg, SystemRegisterDefinition target, uint value,
        bool keepTranslations = false)
    {
        SystemRegisterFile registers = v.Registers;
        ulong written = value;
        if (SystemRegisterFile.IsStored(reg.TargetKey))
        {
            ulong old = registers.ReadMapped(v.State, reg.TargetKey);
            written = reg.Part == Cp15Part.High ? (old & 0xFFFF_FFFF) | (written << 32) : (old & 0xFFFF_FFFF_0000_0000) | written;
        }
        else if (target.Kind == SystemRegisterKind.Timer)
        {
            written = (ulong)(long)(int)(uint)written; // TVAL is a signed 32-bit value
        }

        registers.WriteMapped(v.State, reg.TargetKey, written, reg.AArch32Writable);
        if (reg.ChangesAsid)
        {
            registers.PendingEffects |= SystemRegisterEffects.Translation;
        }

        if (keepTranslations)
        {
            registers.PendingEffects &= ~SystemRegisterEffects.Translation;
        }

        v.ApplySystemRegisterEffects();
    }

    public static bool Transfer64(InterpreterVcpu v, DecodedInstruction* d)
    {
        uint raw = d->Raw;
        int rt2 = (int)((raw >> 16) & 0xF), rt = (int)((raw >> 12) & 0xF), opc1 = (int)((raw >> 4) & 0xF), crm = (int)(raw & 0xF);
        bool read = (raw & (1u << 20)) != 0;
        if (rt == 15 || rt2 == 15 || (read && rt == rt2)
            || !Cp15RegisterTable.ByKey.TryGetValue(Cp15RegisterTable.Key64(opc1, crm), out Cp15Register? reg))
        {
            return A32Exceptions.Undefined(v, d);
        }

        uint iss = A32Exceptions.ConditionIss(raw) | ((uint)opc1 << 16) | ((uint)v.XIndex(rt2) << 10) | ((uint)v.XIndex(rt) << 5)
            | ((uint)crm << 1) | (read ? 1u : 0);
        var trap = ExceptionSyndrome.Create(ExceptionClass.McrrMrrcCp15, iss);
        SystemRegisterFile registers = v.Registers;
        if (!v.ResolveAccess(d, registers.CheckMapped(v.State, reg.TargetKey, isWrite: !read), trap))
        {
            return false;
        }

        if (read)
        {
            v.SyncDeterministicCounter();
            ulong value = registers.ReadMapped(v.State, reg.TargetKey);
            v.WriteR(rt, (uint)value);
            v.WriteR(rt2, (uint)(value >> 32));
            return true;
        }

        registers.WriteMapped(v.State, reg.TargetKey, v.R(d, rt) | ((ulong)v.R(d, rt2) << 32), reg.AArch32Writable);
        v.ApplySystemRegisterEffects();
        return true;
    }

    private static bool Perform(InterpreterVcpu v, DecodedInstruction* d, SystemOperation operation, uint value)
    {
        switch (operation)
        {
            case SystemOperation.TlbInvalidateAll or SystemOperation.TlbInvalidateByAsid:
                v.InvalidateTlb(0, all: true, broadcast: IsInnerShareable(d) || v.Registers.ForceBroadcast);
                return true;
            case SystemOperation.TlbInvalidateByVa or SystemOperation.TlbInvalidateByVaLastLevel
                or SystemOperation.TlbInvalidateByVaAllAsids or SystemOperation.TlbInvalidateByVaAllAsidsLastLevel:
                v.InvalidateTlb(value & 0xFFFF_F000u, all: false, broadcast: IsInnerShareable(d) || v.Registers.ForceBroadcast);
                return true;
            case SystemOperation.AddressTranslateS1E1R or SystemOperation.AddressTranslateS1E1W
                or SystemOperation.AddressTranslateS1E0R or SystemOperation.AddressTranslateS1E0W:
                return v.AddressTranslateAArch32(d, operation, value);
            default:
                // Cache and branch-predictor maintenance: no caches are modelled.
                return true;
        }
    }

    /// <summary>c8, c3: the Inner Shareable TLB maintenance operations.</summary>
    private static bool IsInnerShareable(DecodedInstruction* d) => ((d->Raw >> 16) & 0xF) == 8 && (d->Raw & 0xF) == 3;
}
