using Armvisor.Firmware.Assembly;

namespace Armvisor.Firmware.MpStartup;

/// <summary>
/// The AArch64 code a secondary runs from its mailbox's firmware half (+0x800) until the OS releases it:
/// <code>
///   adr  x1, mailbox            // this page's base = code − 0x800
///   mov  w2, #cpu_interface     // the GICC CPU Interface Number the OS will write
/// check:
///   ldr  w3, [x1, #0]           // ProcessorId
///   cmp  w3, w2
///   b.ne wait                   // not addressed to this CPU (or still 0xFFFFFFFF)
///   ldr  x4, [x1, #8]           // JumpAddress
///   cbz  x4, wait
///   str  xzr, [x1, #8]          // acknowledge: JumpAddress = 0 (Linux cpu_postboot WARNs otherwise)
///   dsb  sy
///   mov  x0..x3, xzr
///   br   x4                     // EL and MMU-off/DAIF-masked state unchanged, as booting.rst asks
/// wait:
///   wfe                         // no host CPU while parked: the hypervisor blocks the vCPU on WFE
///   b    check
/// </code>
/// The check comes before the first WFE so that a release written before the CPU parks is not missed.
/// </summary>
public static class ParkCode
{
    private const int MailboxBase = 1, ExpectedId = 2, ProcessorId = 3, JumpAddress = 4;

    /// <summary>Machine code for the CPU whose GICC CPU Interface Number is <paramref name="cpuInterfaceNumber"/>.</summary>
    public static byte[] Assemble(uint cpuInterfaceNumber)
    {
        var code = new A64Assembler()
            .AdrRelative(MailboxBase, -ParkingMailboxLayout.FirmwareHalfOffset)
            .MovWord(ExpectedId, cpuInterfaceNumber)
            .Label("check")
            .LdrWord(ProcessorId, MailboxBase, ParkingMailboxLayout.ProcessorIdOffset)
            .CmpWord(ProcessorId, ExpectedId)
            .BranchIf(A64Condition.Ne, "wait")
            .LdrDoubleword(JumpAddress, MailboxBase, ParkingMailboxLayout.JumpAddressOffset)
            .CbzDoubleword(JumpAddress, "wait")
            .StrDoubleword(A64Assembler.ZeroRegister, MailboxBase, ParkingMailboxLayout.JumpAddressOffset)
            .DsbSy()
            .Mov(0, A64Assembler.ZeroRegister)
            .Mov(1, A64Assembler.ZeroRegister)
            .Mov(2, A64Assembler.ZeroRegister)
            .Mov(3, A64Assembler.ZeroRegister)
            .BranchRegister(JumpAddress)
            .Label("wait")
            .Wfe()
            .Branch("check")
            .ToArray();
        return code.Length <= ParkingMailboxLayout.FirmwareHalfSize
            ? code
            : throw new InvalidOperationException("park code does not fit the mailbox firmware half");
    }
}
