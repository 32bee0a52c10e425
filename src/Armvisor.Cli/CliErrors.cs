using Armvisor.Firmware;
using Armvisor.Vmm;

namespace Armvisor.Cli;

/// <summary>Turns host and configuration errors into one line on stderr and an exit code, never a stack trace.</summary>
internal static class CliErrors
{
    public static int Guard(Func<int> action)
    {
        try
        {
            return action();
        }
        catch (Exception e) when (e is MachineConfigurationException or FirmwareException or Armvisor.Devices.AddressRangeOverlapException or Armvisor.Vmm.Snapshots.SnapshotException)
        {
            Console.Error.WriteLine($"armvisor: {e.Message}");
            return (int)GuestOutcome.ConfigurationError;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or Armvisor.Memory.GuestMemoryException or Armvisor.Engine.EngineException)
        {
            Console.Error.WriteLine($"armvisor: {e.Message}");
            return (int)GuestOutcome.HostError;
        }
    }
}
