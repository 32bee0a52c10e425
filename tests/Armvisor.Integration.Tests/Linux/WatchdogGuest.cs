using Armvisor.Integration.Tests.GuestKit;
using Armvisor.Vmm;
using Armvisor.Vmm.LinuxKit;

namespace Armvisor.Integration.Tests.Linux;

/// <summary>
/// The kit's initramfs plus armvisor-guest (<c>/usr/bin</c>), armvisor_wdt.ko (<c>/lib/modules/extra</c>) and the
/// <c>watchdog</c> script: load the module, run <c>armvisor-guest watchdog</c> in the background, stop it with a signal,
/// then wait and print <c>survived=1</c> if the VM is still running.
/// </summary>
public static class WatchdogGuest
{
    public const string ScriptName = "watchdog";

    public const string ModulePath = "lib/modules/extra/armvisor_wdt.ko";

    public const string ProgramPath = "usr/bin/armvisor-guest";

    /// <summary>
    /// Parameters (kernel command line <c>armvisor.wdt_*</c>): wdt_timeout (s, default 5), wdt_pet (s of petting before
    /// the signal, 10), wdt_signal (KILL or TERM), wdt_wait (s to wait afterwards, 15).
    /// </summary>
    public const string Script = """
        # armvisor_wdt and `armvisor-guest watchdog` (issue 5, docs/guest-kit.md).
        # Prints: lockdown, insmod-status, tainted, dmesg lines of the module, device; then the program's output and the
        # device state before and after the signal; survived=1 if the VM still runs ARMVISOR_WDT_WAIT seconds later.
        mount -t securityfs securityfs /sys/kernel/security 2>/dev/null
        lockdown=$(cat /sys/kernel/security/lockdown 2>/dev/null | sed 's/.*\[\(.*\)\].*/\1/')
        echo "lockdown=${lockdown:-unavailable}"
        insmod /lib/modules/extra/armvisor_wdt.ko 2>&1 | sed 's/^/insmod: /'
        if grep -q '^armvisor_wdt ' /proc/modules; then echo "insmod-status=loaded"; else echo "insmod-status=failed"; fi
        echo "tainted=$(cat /proc/sys/kernel/tainted)"
        dmesg | grep 'armvisor_wdt' | sed 's/^\[[^]]*\] /dmesg: /'
        device=
        for d in /sys/class/watchdog/watchdog*; do
            if [ "$(cat "$d/identity" 2>/dev/null)" = armvisor-wfe ]; then device=${d##*/}; fi
        done
        echo "device=${device:-none}"
        [ -n "$device" ] || exit 1
        armvisor-guest watchdog --timeout "${ARMVISOR_WDT_TIMEOUT:-5}s" --interval 1s --device "/dev/$device" > /tmp/wdt.out 2>&1 &
        pid=$!
        sleep "${ARMVISOR_WDT_PET:-10}"
        echo "state-before=$(cat "/sys/class/watchdog/$device/state") timeout=$(cat "/sys/class/watchdog/$device/timeout")"
        kill "-${ARMVISOR_WDT_SIGNAL:-TERM}" "$pid"
        wait "$pid"
        echo "program-status=$?"
        sed 's/^/program: /' /tmp/wdt.out
        echo "state-after=$(cat "/sys/class/watchdog/$device/state")"
        sleep "${ARMVISOR_WDT_WAIT:-15}"
        echo "survived=1"

        """;

    private static readonly Lock s_lock = new();

    /// <summary>The initrd with the program, the module and the script (written once into the fixture's directory).</summary>
    public static string Initrd(GuestKitFixture kit)
    {
        ArgumentNullException.ThrowIfNull(kit);
        string path = Path.Combine(kit.WorkDirectory, "watchdog-initrd.gz");
        lock (s_lock)
        {
            if (!File.Exists(path))
            {
                new InitramfsBuilder(kit.Kit)
                    .WithScript(ScriptName, Script)
                    .WithFile(ProgramPath, File.ReadAllBytes(GuestKitBuild.Guest("armvisor-guest")), 0x1ED /* 0755 */)
                    .WithFile(ModulePath, File.ReadAllBytes(WatchdogModuleBuild.For(kit)))
                    .WriteTo(path);
            }
        }

        return path;
    }

    /// <summary>One vCPU running the script with <paramref name="signal"/> (KILL or TERM), then powering off.</summary>
    public static MachineConfiguration Configuration(GuestKitFixture kit, string signal, int timeoutSeconds = 5, int petSeconds = 10, int waitSeconds = 15)
    {
        ArgumentNullException.ThrowIfNull(kit);
        var commandLine = new GuestCommandLine
        {
            Run = [ScriptName],
            Parameters = new Dictionary<string, string>
            {
                ["wdt_signal"] = signal,
                ["wdt_timeout"] = timeoutSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["wdt_pet"] = petSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["wdt_wait"] = waitSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
            },
        };
        return kit.Configuration(1, commandLine) with { InitrdPath = Initrd(kit) };
    }
}
