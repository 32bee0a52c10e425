namespace Armvisor.Vmm.LinuxKit;

/// <summary>What /init does once the requested scripts have run (kernel parameter <c>armvisor.then</c>).</summary>
public enum AfterScripts
{
    /// <summary>An interactive busybox shell on the console (<c>setsid cttyhack sh</c>); leaving it powers off.</summary>
    Shell,

    /// <summary><c>poweroff -f</c>: PSCI SYSTEM_OFF, so the VMM (or QEMU) exits with status 0.</summary>
    PowerOff,
}
