namespace Armvisor.Core.WfeChannel;

/// <summary>
/// The WFE communication channel's ABI, version 1 (docs/wfe-channel.md; patents.md §1(b), §2). A client puts a
/// request in X0..X3 (AArch32: R0..R3 with the low halves of the magics) and executes WFE; an agent that traps WFE
/// (HCR_EL2.TWE, SCR_EL3.TWE) recognises the request magic, skips the WFE and writes the response into X0..X3.
/// Without an agent the WFE completes as a WFE and X0 still holds the request magic: that is "absent".
/// </summary>
public static class WfeChannelAbi
{
    /// <summary>ABI version reported in the high half of the identity word.</summary>
    public const uint Version = 1;

    /// <summary>X0 of a register request: ASCII "AVWFE_RQ".</summary>
    public const ulong RequestMagic = 0x4156_5746_455F_5251;

    /// <summary>X0 of a memory-block request (claim 5 variant): ASCII "AVWFE_MB"; X1 = IPA of a 64-byte request block.</summary>
    public const ulong MemoryRequestMagic = 0x4156_5746_455F_4D42;

    /// <summary>X0 of every response: ASCII "AVWFE_RS". Differs from both request magics.</summary>
    public const ulong ResponseMagic = 0x4156_5746_455F_5253;

    /// <summary>AArch32 request: the low word of <see cref="RequestMagic"/> in R0 ("E_RQ").</summary>
    public const uint RequestMagic32 = unchecked((uint)RequestMagic);

    /// <summary>AArch32 response: the low word of <see cref="ResponseMagic"/> in R0.</summary>
    public const uint ResponseMagic32 = unchecked((uint)ResponseMagic);

    /// <summary>Identity bit: the hypervisor core (EL2 agent) answered.</summary>
    public const ulong IdentityHypervisor = 1 << 0;

    /// <summary>Identity bit: the secure monitor (EL3 agent) answered.</summary>
    public const ulong IdentitySecureMonitor = 1 << 1;

    /// <summary>Builds the identity word: ABI version in bits [63:32], agent bits in [31:0].</summary>
    public static ulong Identity(ulong agentBits) => ((ulong)Version << 32) | agentBits;
}
