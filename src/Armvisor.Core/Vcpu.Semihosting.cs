using Armvisor.Core.Semihosting;
using Armvisor.Engine;

namespace Armvisor.Core;

/// <summary>Semihosting calls (HLT #0xF000) answered by the VM's <see cref="SemihostingService"/>.</summary>
public sealed partial class Vcpu
{
    private VmExit? HandleSemihostingCall()
    {
        IVcpuEngine engine = _engine!;
        ulong pc = engine.GetRegister(Arm64Register.Pc);
        if (_vm.Semihosting is not { } service)
        {
            InjectUndefined();
            return null;
        }

        SemihostingResult result = service.Call((uint)GetX(0), GetX(1), new GuestMemory(engine.Debugging));
        SetX(0, result.Value);
        engine.SetRegister(Arm64Register.Pc, pc + 4);
        return result.ExitStatus is { } status
            ? new GuestExitStatusExit(status, $"semihosting SYS_EXIT with status {status}")
            : null;
    }

    private sealed class GuestMemory(IVcpuDebug debug) : ISemihostingMemory
    {
        public int Read(ulong address, Span<byte> buffer) => debug.ReadVirtualMemory(address, buffer);

        public int Write(ulong address, ReadOnlySpan<byte> data) => debug.WriteVirtualMemory(address, data);
    }
}
