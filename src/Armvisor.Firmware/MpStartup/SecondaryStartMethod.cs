namespace Armvisor.Firmware.MpStartup;

/// <summary>How a secondary CPU was meant to be started before the rewrite (patents.md §4(a) step 2).</summary>
public abstract record SecondaryStartMethod
{
    private protected SecondaryStartMethod() { }
}
