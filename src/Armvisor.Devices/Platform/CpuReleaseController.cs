using Armvisor.Arm64;
using Armvisor.Devices.Registers;
using Microsoft.Extensions.Logging;

namespace Armvisor.Devices.Platform;

/// <summary>
/// A platform-specific secondary-CPU release device (issue 7, patents.md §4 "custom protocol"): the kind of vendor
/// block that embedded boards use instead of PSCI. Firmware writes the entry address to ENTRY, then the target's
/// MPIDR to RELEASE; the named CPU powers on at ENTRY. Armvisor's hypervisor uses it once per secondary to start it
/// into its parking-protocol mailbox; the OS never sees it (the rewritten MADT names only the mailboxes).
/// </summary>
/// <remarks>
/// Register map (all little-endian; any access size; unknown offsets RAZ/WI):
/// <code>
///   0x00 ID      Word        RO   0x4352_4C53 ("SLRC"), so firmware can probe the block
///   0x08 ENTRY   Doubleword  RW   entry address; bits [1:0] RES0 (A64 instructions are word aligned, DDI0487 D1.3.3)
///   0x10 RELEASE Doubleword  WO   MPIDR affinity (Aff3 [39:32], Aff2..Aff0 [23:0]) of the CPU to power on; RAZ
///   0x18 STATUS  Word        RO   the <see cref="CpuReleaseStatus"/> of the last RELEASE write
/// </code>
/// A guest can never make the device throw: a RELEASE naming no CPU, a CPU already on, or written while ENTRY is 0
/// is ignored (STATUS says why) and logged at Debug.
/// </remarks>
public sealed partial class CpuReleaseController : RegisterMappedDevice
{
    /// <summary>Size of the register window.</summary>
    public const ulong WindowSize = 0x1000;

    public const ulong IdOffset = 0x00;
    public const ulong EntryOffset = 0x08;
    public const ulong ReleaseOffset = 0x10;
    public const ulong StatusOffset = 0x18;

    /// <summary>The ID register's value: "SLRC" read as a little-endian Word.</summary>
    public const uint Identification = 0x4352_4C53;

    /// <summary>MPIDR_EL1 affinity fields Aff3 [39:32], Aff2 [23:16], Aff1 [15:8], Aff0 [7:0] (DDI0487 D23.2).</summary>
    private const ulong MpidrAffinityMask = 0xFF_00FF_FFFF;

    private readonly ICpuReleaseTarget _target;
    private readonly ILogger _logger;
    private RegisterField _entry = null!;
    private RegisterField _affinity2To0 = null!;
    private RegisterField _affinity3 = null!;
    private CpuReleaseStatus _status;

    public CpuReleaseController(ICpuReleaseTarget target, ILogger? logger = null)
        : base(WindowSize, "CpuRelease", logger)
    {
        ArgumentNullException.ThrowIfNull(target);
        _target = target;
        _logger = logger ?? Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;
        Registers
            .DefineConstant(IdOffset, "ID", Identification)
            .Define(EntryOffset, "ENTRY", r => r.WithReserved(0, 2).WithField(2, 62, "ADDRESS", out _entry), AccessSize.Doubleword)
            .Define(ReleaseOffset, "RELEASE", r => r
                .WithField(0, 24, "AFF2_0", out _affinity2To0, FieldMode.WriteOnly)
                .WithReserved(24, 8)
                .WithField(32, 8, "AFF3", out _affinity3, FieldMode.WriteOnly)
                .WithReserved(40, 24)
                .AfterWrite(ReleaseWritten), AccessSize.Doubleword)
            .Define(StatusOffset, "STATUS", r => r.WithField(0, 32, "STATUS", FieldMode.ReadOnly, valueProvider: () => (ulong)_status));
    }

    /// <summary>The last RELEASE outcome (for the VMM's log and tests).</summary>
    public CpuReleaseStatus Status
    {
        get
        {
            lock (Gate)
            {
                return _status;
            }
        }
    }

    protected override void OnReset() => _status = CpuReleaseStatus.Idle;

    /// <summary>
    /// A write reached RELEASE: each write stands alone (a Word write names Aff3 = 0), so the fields are consumed here.
    /// </summary>
    private void ReleaseWritten()
    {
        ulong mpidr = ((_affinity3.Value << 32) | _affinity2To0.Value) & MpidrAffinityMask;
        _affinity2To0.Value = 0;
        _affinity3.Value = 0;
        ulong entry = _entry.Value << 2;
        _status = entry == 0 ? CpuReleaseStatus.NoEntry : _target.Release(mpidr, entry);
        if (_status != CpuReleaseStatus.Released)
        {
            LogIgnored(_logger, mpidr, entry, _status);
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "CPU release of MPIDR 0x{Mpidr:X} at 0x{Entry:X} ignored: {Status}")]
    private static partial void LogIgnored(ILogger logger, ulong mpidr, ulong entry, CpuReleaseStatus status);
}
