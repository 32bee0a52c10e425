using System.Globalization;
using System.Text;
using Armvisor.Arm64;
using Armvisor.Core;
using Armvisor.Engine;

namespace Armvisor.Vmm.Control;

/// <summary>
/// HMP's <c>info registers</c> for one vCPU, in the layout QEMU's aarch64_cpu_dump_state prints (PC and X0-X30 three to
/// a line, SP, PSTATE with NZCV and ELxh/t, FPCR/FPSR, Q0-Q31 as high:low), so scripts that scrape QEMU's output read
/// Armvisor's. Read while the vCPU is paused.
/// </summary>
internal static class RegisterDump
{
    public static string Format(Vcpu vcpu)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"\r\nCPU#{vcpu.Index}\r\n");
        IVcpuEngine? engine = vcpu.Engine;
        // Before its first run a vCPU shows the state its power-on will give it (booting.rst: EL1h, DAIF masked, X0).
        (ulong Entry, ulong X0)? pending = engine is null ? vcpu.PendingPowerOn : null;
        ulong Reg(Arm64Register r) => engine?.GetRegister(r) ?? r switch
        {
            Arm64Register.Cpsr => 0x3C5,
            Arm64Register.Pc => pending?.Entry ?? 0,
            Arm64Register.X0 => pending?.X0 ?? 0,
            _ => 0,
        };
        ulong pstate = Reg(Arm64Register.Cpsr);
        int el = (int)((pstate >> 2) & 3);
        bool spx = (pstate & 1) != 0;
        ulong sp = engine is null ? 0 : engine.GetSystemRegister(spx && el > 0 ? SysReg.SpEl1 : SysReg.SpEl0);
        text.Append(CultureInfo.InvariantCulture, $" PC={Reg(Arm64Register.Pc):x16} ");
        for (int i = 0; i <= 30; i++)
        {
            text.Append(CultureInfo.InvariantCulture, $"X{i:D2}={Reg(Arm64Register.X0 + i):x16}");
            text.Append(i % 3 == 1 ? "\r\n" : " ");
        }

        text.Append(CultureInfo.InvariantCulture, $" SP={sp:x16}\r\n");
        text.Append(CultureInfo.InvariantCulture,
            $"PSTATE={pstate:x8} {((pstate & (1UL << 31)) != 0 ? 'N' : '-')}{((pstate & (1UL << 30)) != 0 ? 'Z' : '-')}{((pstate & (1UL << 29)) != 0 ? 'C' : '-')}{((pstate & (1UL << 28)) != 0 ? 'V' : '-')} EL{el}{(spx ? 'h' : 't')}");
        text.Append(CultureInfo.InvariantCulture, $"     FPCR={Reg(Arm64Register.Fpcr):x8} FPSR={Reg(Arm64Register.Fpsr):x8}\r\n");
        for (int i = 0; i < 32; i++)
        {
            UInt128 q = engine?.GetVectorRegister(i) ?? 0;
            text.Append(CultureInfo.InvariantCulture, $"Q{i:D2}={(ulong)(q >> 64):x16}:{(ulong)q:x16}");
            text.Append(i % 2 == 1 ? "\r\n" : " ");
        }

        return text.ToString();
    }
}
