using System.Collections.Frozen;
using Armvisor.Arm64;

namespace Armvisor.Devices.Gic;

/// <summary>
/// The ICC_*_EL1 System register encodings, declared once (IHI0069 §12.1 "AArch64 System register
/// encodings"; DDI0487 C5.3). All are op0 = 3, op1 = 0. A register absent from the table (for example
/// ICC_AP1R1_EL1, which exists only with 6 or more priority bits) is not implemented: the access is UNDEFINED.
/// </summary>
public static class IccRegisterTable
{
    /// <summary>Every implemented register with its access directions.</summary>
    public static IReadOnlyList<IccRegisterDescriptor> All { get; } =
    [
        new(IccRegister.Pmr, "ICC_PMR_EL1", new(3, 0, 4, 6, 0), Readable: true, Writable: true),
        new(IccRegister.Iar0, "ICC_IAR0_EL1", new(3, 0, 12, 8, 0), Readable: true, Writable: false),
        new(IccRegister.Eoir0, "ICC_EOIR0_EL1", new(3, 0, 12, 8, 1), Readable: false, Writable: true),
        new(IccRegister.Hppir0, "ICC_HPPIR0_EL1", new(3, 0, 12, 8, 2), Readable: true, Writable: false),
        new(IccRegister.Bpr0, "ICC_BPR0_EL1", new(3, 0, 12, 8, 3), Readable: true, Writable: true),
        new(IccRegister.Ap0r0, "ICC_AP0R0_EL1", new(3, 0, 12, 8, 4), Readable: true, Writable: true),
        new(IccRegister.Ap1r0, "ICC_AP1R0_EL1", new(3, 0, 12, 9, 0), Readable: true, Writable: true),
        new(IccRegister.Dir, "ICC_DIR_EL1", new(3, 0, 12, 11, 1), Readable: false, Writable: true),
        new(IccRegister.Rpr, "ICC_RPR_EL1", new(3, 0, 12, 11, 3), Readable: true, Writable: false),
        new(IccRegister.Sgi1r, "ICC_SGI1R_EL1", new(3, 0, 12, 11, 5), Readable: false, Writable: true),
        new(IccRegister.Asgi1r, "ICC_ASGI1R_EL1", new(3, 0, 12, 11, 6), Readable: false, Writable: true),
        new(IccRegister.Sgi0r, "ICC_SGI0R_EL1", new(3, 0, 12, 11, 7), Readable: false, Writable: true),
        new(IccRegister.Iar1, "ICC_IAR1_EL1", new(3, 0, 12, 12, 0), Readable: true, Writable: false),
        new(IccRegister.Eoir1, "ICC_EOIR1_EL1", new(3, 0, 12, 12, 1), Readable: false, Writable: true),
        new(IccRegister.Hppir1, "ICC_HPPIR1_EL1", new(3, 0, 12, 12, 2), Readable: true, Writable: false),
        new(IccRegister.Bpr1, "ICC_BPR1_EL1", new(3, 0, 12, 12, 3), Readable: true, Writable: true),
        new(IccRegister.Ctlr, "ICC_CTLR_EL1", new(3, 0, 12, 12, 4), Readable: true, Writable: true),
        new(IccRegister.Sre, "ICC_SRE_EL1", new(3, 0, 12, 12, 5), Readable: true, Writable: true),
        new(IccRegister.Igrpen0, "ICC_IGRPEN0_EL1", new(3, 0, 12, 12, 6), Readable: true, Writable: true),
        new(IccRegister.Igrpen1, "ICC_IGRPEN1_EL1", new(3, 0, 12, 12, 7), Readable: true, Writable: true),
    ];

    private static readonly FrozenDictionary<ushort, IccRegisterDescriptor> s_byKey =
        All.ToFrozenDictionary(static d => d.Encoding.Key);

    private static readonly FrozenDictionary<IccRegister, IccRegisterDescriptor> s_byId =
        All.ToFrozenDictionary(static d => d.Register);

    /// <summary>Looks up an encoding; false when it is not a CPU interface register this model implements.</summary>
    public static bool TryGet(SystemRegisterEncoding encoding, out IccRegisterDescriptor descriptor) =>
        s_byKey.TryGetValue(encoding.Key, out descriptor!);

    /// <summary>The encoding of <paramref name="register"/>.</summary>
    public static SystemRegisterEncoding EncodingOf(IccRegister register) => s_byId[register].Encoding;
}
