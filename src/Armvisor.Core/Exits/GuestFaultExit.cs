using Armvisor.Arm64;

namespace Armvisor.Core;

/// <summary>
/// Diagnostics only: the guest did something the platform answers with an architectural exception (an abort on
/// an address with no device, an unclaimed trap). The guest has already received that exception; the VMM logs it.
/// </summary>
public sealed record GuestFaultExit(ExceptionSyndrome Syndrome, ulong Pc, string Description) : VmExit;
