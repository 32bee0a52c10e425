namespace Armvisor.Core;

/// <summary>The guest asked to end the run with exit status <paramref name="Status"/> (semihosting SYS_EXIT / SYS_EXIT_EXTENDED).</summary>
public sealed record GuestExitStatusExit(int Status, string Reason) : VmExit;
