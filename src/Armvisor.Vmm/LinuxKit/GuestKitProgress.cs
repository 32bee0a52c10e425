namespace Armvisor.Vmm.LinuxKit;

/// <summary>One progress report of the guest kit fetch: the step now running and what it works on.</summary>
public sealed record GuestKitProgress(GuestKitStep Step, string Detail)
{
    /// <summary>Number of steps (for a progress bar).</summary>
    public static int StepCount => Enum.GetValues<GuestKitStep>().Length;
}
