namespace Armvisor.Engine;

/// <summary>Core registers reachable through <see cref="IVcpuEngine.GetRegister"/> (HVF's <c>hv_reg_t</c>).</summary>
public enum Arm64Register
{
    X0, X1, X2, X3, X4, X5, X6, X7, X8, X9, X10, X11, X12, X13, X14, X15,
    X16, X17, X18, X19, X20, X21, X22, X23, X24, X25, X26, X27, X28, X29, X30,

    /// <summary>Program counter.</summary>
    Pc,

    /// <summary>PSTATE in SPSR format (DDI0487 C5.2.18): NZCV, DAIF, SPSel, EL, nRW, PAN, IL, SS.</summary>
    Cpsr,

    /// <summary>FPCR.</summary>
    Fpcr,

    /// <summary>FPSR.</summary>
    Fpsr,

    /// <summary>The stack pointer PSTATE selects (SP_EL0 or SP_EL1), as a debugger's <c>sp</c> shows it.</summary>
    Sp,
}
