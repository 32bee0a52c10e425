namespace Armvisor.Firmware.MpStartup;

/// <summary>The rewritten tables, the mailboxes to initialise and each secondary's start action.</summary>
public sealed record MpStartupPlan(byte[] Madt, byte[] Fadt, MailboxPlan Mailboxes, IReadOnlyList<SecondaryStart> Secondaries);
