using System.Diagnostics;
using System.Globalization;
using Armvisor.Integration.Tests.Infrastructure;
using Armvisor.Vmm;

namespace Armvisor.Integration.Tests.Linux;

/// <summary>
/// <c>armvisor run</c> of a kit configuration (device-tree boot, <c>--no-reboot</c>) with extra options, e.g.
/// <c>--trace wfe</c>, whose stderr lines (<c>HH:mm:ss.fff level: category[0] message</c>) the watchdog tests time.
/// </summary>
public sealed class TracedArmvisorBackend(params string[] extraOptions) : GuestBackend
{
    public override string Name => ArmvisorName;

    protected override ProcessStartInfo StartInfo(MachineConfiguration configuration, TimeSpan timeout)
    {
        var start = new ProcessStartInfo("dotnet");
        start.ArgumentList.Add(ArmvisorCli.AssemblyPath);
        foreach (string argument in (string[])
                 ["run", "--kernel", configuration.KernelPath!, "--initrd", configuration.InitrdPath!, "--append", configuration.Append,
                  "--cpus", configuration.Cpus.ToString(CultureInfo.InvariantCulture),
                  "--memory", (configuration.MemoryBytes >> 20).ToString(CultureInfo.InvariantCulture) + "M",
                  "--no-reboot", "--timeout", timeout.TotalSeconds.ToString(CultureInfo.InvariantCulture), .. extraOptions])
        {
            start.ArgumentList.Add(argument);
        }

        return start;
    }
}
