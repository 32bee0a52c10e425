namespace Armvisor.Vmm.LinuxKit;

/// <summary>The lines the kit's /init prints on the console, which hosts (tests, benchmark, demo) wait for.</summary>
public static class GuestMarkers
{
    /// <summary>Printed once userspace is up and the modules are in: "ARMVISOR-INITRAMFS-READY kernel=R cpus=N".</summary>
    public const string Ready = "ARMVISOR-INITRAMFS-READY";

    /// <summary>"ARMVISOR-SCRIPT-BEGIN NAME" before a script's output.</summary>
    public const string ScriptBegin = "ARMVISOR-SCRIPT-BEGIN";

    /// <summary>"ARMVISOR-SCRIPT-END NAME status=N" after it.</summary>
    public const string ScriptEnd = "ARMVISOR-SCRIPT-END";
}
