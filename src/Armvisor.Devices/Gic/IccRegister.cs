namespace Armvisor.Devices.Gic;

/// <summary>The GIC CPU interface System registers this model implements (IHI0069 §12.2, DDI0487 D24 "GIC").</summary>
public enum IccRegister
{
    Pmr,
    Iar0,
    Eoir0,
    Hppir0,
    Bpr0,
    Ap0r0,
    Ap1r0,
    Dir,
    Rpr,
    Sgi1r,
    Asgi1r,
    Sgi0r,
    Iar1,
    Eoir1,
    Hppir1,
    Bpr1,
    Ctlr,
    Sre,
    Igrpen0,
    Igrpen1,
}
