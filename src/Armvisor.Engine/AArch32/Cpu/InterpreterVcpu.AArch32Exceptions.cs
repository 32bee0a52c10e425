using Armvisor.Arm64;
using Armvisor.Engine.AArch32.Cpu;
using Armvisor.Engine.AArch32.Memory;
using Armvisor.Engine.SystemLevel;

namespace Armvisor.Engine.Interpreter;

/// <summary>
/// Exceptions taken to AArch32 EL1. The engine raises every synchronous exception as an AArch64-style syndrome (one
/// path for both states); in AArch32 state it becomes the AArch32 exception the architecture takes instead (DDI0487
/// G1.12, "Exception handling"): Undefined Instruction for UNDEFINED and EL0 traps to EL1, Supervisor Call, Prefetch
/// Abort with IFSR/IFAR, Data Abort with DFSR/DFAR (FAR_EL1[31:0] and [63:32]), IRQ and FIQ, with the fault status in
/// the short-descriptor format (TTBCR.EAE = 0, G5.5) or the long-descriptor one (EAE = 1, LPAE bit 9 set).
/// </summary>
public sealed unsafe partial class InterpreterVcpu
{
    /// <summary>A short-descriptor fault status (FS with domain) the AArch32 walker set for the abort it raises next.</summary>
    private int _a32PendingFaultStatus = -1;

    /// <summary>Takes the AArch32 exception for an AArch64-form syndrome; the interpreter's <c>TakeException</c> calls this in AArch32 state.</summary>
    private void TakeAArch32Exception(ExceptionVector vector, ExceptionSyndrome syndrome, ulong faultAddress, ulong preferredReturn)
    {
        uint pr = (uint)preferredReturn;
        int pending = _a32PendingFaultStatus;
        _a32PendingFaultStatus = -1;
        switch (vector)
        {
            case ExceptionVector.Irq:
                EnterMode(ProcessorMode.Irq, pr, 4, 0x18);
                return;
            case ExceptionVector.Fiq:
                EnterMode(ProcessorMode.Fiq, pr, 4, 0x1C);
                return;
            case ExceptionVector.SError:
                // An asynchronous external abort (DFSR FS = 0b10110) taken as a Data Abort.
                WriteDataFault(ShortDescriptorFaultStatus.AsyncExternalAbort, write: false, faultAddress, dfarValid: false);
                EnterMode(ProcessorMode.Abort, pr, 8, 0x10);
                return;
        }

        bool thumb = State.Thumb;
        switch (syndrome.Class)
        {
            case ExceptionClass.Svc32:
                EnterMode(ProcessorMode.Supervisor, pr, 0, 0x08);
                return;
            case ExceptionClass.InstructionAbortLowerEl or ExceptionClass.InstructionAbortSameEl:
                WriteInstructionFault(pending >= 0 ? (uint)pending : FaultStatus(syndrome.Iss), faultAddress);
                EnterMode(ProcessorMode.Abort, pr, 4, 0x0C);
                return;
            case ExceptionClass.PcAlignment:
                WriteInstructionFault(ShortDescriptorFaultStatus.Alignment, faultAddress);
                EnterMode(ProcessorMode.Abort, pr, 4, 0x0C);
                return;
            case ExceptionClass.Bkpt32:
                // BKPT is a debug exception taken as a Prefetch Abort (IFSR FS = 0b00010, debug event; G2.x).
                WriteInstructionFault(ShortDescriptorFaultStatus.DebugEvent, pr);
                EnterMode(ProcessorMode.Abort, pr, 4, 0x0C);
                return;
            case ExceptionClass.DataAbortLowerEl or ExceptionClass.DataAbortSameEl:
                bool write = (syndrome.Iss & (1u << 6)) != 0;
                WriteDataFault(pending >= 0 ? (uint)pending : FaultStatus(syndrome.Iss), write, faultAddress, dfarValid: true,
                    cacheMaintenance: (syndrome.Iss & (1u << 8)) != 0);
                EnterMode(ProcessorMode.Abort, pr, 8, 0x10);
                return;
            default:
                // UNDEFINED, traps to EL1 (WFx, CP15 and FP accesses from EL0) and illegal execution state.
                EnterMode(ProcessorMode.Undefined, pr, thumb ? 2u : 4u, 0x04);
                return;
        }
    }

    /// <summary>Converts a long-descriptor DFSC/IFSC (the AArch64 form) to the format TTBCR.EAE selects.</summary>
    private uint FaultStatus(uint iss)
    {
        uint code = iss & 0x3F;
        if (LongDescriptorFormat)
        {
            return ShortDescriptorFaultStatus.LongFormatBit | code;
        }

        uint level = code & 3;
        return code switch
        {
            (uint)FaultStatusCode.Alignment => ShortDescriptorFaultStatus.Alignment,
            >= 0x04 and <= 0x07 => level <= 1 ? ShortDescriptorFaultStatus.TranslationSection : ShortDescriptorFaultStatus.TranslationPage,
            >= 0x08 and <= 0x0B => level <= 1 ? ShortDescriptorFaultStatus.AccessFlagSection : ShortDescriptorFaultStatus.AccessFlagPage,
            >= 0x0C and <= 0x0F => level <= 1 ? ShortDescriptorFaultStatus.PermissionSection : ShortDescriptorFaultStatus.PermissionPage,
            0x22 => ShortDescriptorFaultStatus.DebugEvent,
            _ => ShortDescriptorFaultStatus.SyncExternalAbort,
        };
    }

    /// <summary>TTBCR.EAE (bit 31): the long-descriptor translation table format (LPAE).</summary>
    private bool LongDescriptorFormat => (Registers.Tcr & (1UL << 31)) != 0;

    /// <summary>DFSR (ESR_EL1[31:0]) with FS, domain, WnR (bit 11), CM (bit 13); DFAR (FAR_EL1[31:0]).</summary>
    private void WriteDataFault(uint status, bool write, ulong address, bool dfarValid, bool cacheMaintenance = false)
    {
        Registers.EsrEl1 = ShortDescriptorFaultStatus.Encode(status) | (write ? 1u << 11 : 0) | (cacheMaintenance ? 1u << 13 : 0);
        if (dfarValid)
        {
            Registers.FarEl1 = (Registers.FarEl1 & 0xFFFF_FFFF_0000_0000) | (uint)address;
        }
    }

    /// <summary>IFSR (IFSR32_EL2) and IFAR (FAR_EL1[63:32]).</summary>
    private void WriteInstructionFault(uint status, ulong address)
    {
        Registers.WriteStoredByEncoding(SystemRegisterTable.Ifsr32El2.Key, ShortDescriptorFaultStatus.Encode(status) & ~0xF0u);
        Registers.FarEl1 = (Registers.FarEl1 & 0xFFFF_FFFF) | ((ulong)(uint)address << 32);
    }
}
