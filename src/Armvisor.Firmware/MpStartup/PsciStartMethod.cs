namespace Armvisor.Firmware.MpStartup;

/// <summary>PSCI CPU_ON through <see cref="Conduit"/> (FADT PSCI_COMPLIANT, conduit from PSCI_USE_HVC).</summary>
public sealed record PsciStartMethod(PsciConduit Conduit) : SecondaryStartMethod;
