namespace Armvisor.Engine.SystemLevel;

/// <summary>HCR_EL2 bits the engine honours (DDI0487 D24.2.48).</summary>
internal static class HcrBits
{
    public const ulong Vm = 1UL << 0;
    public const ulong Fmo = 1UL << 3;
    public const ulong Imo = 1UL << 4;
    public const ulong Amo = 1UL << 5;
    public const ulong Vf = 1UL << 6;
    public const ulong Vi = 1UL << 7;
    public const ulong Vse = 1UL << 8;
    public const ulong Fb = 1UL << 9;
    public const ulong Dc = 1UL << 12;
    public const ulong Twi = 1UL << 13;
    public const ulong Twe = 1UL << 14;
    public const ulong Tid0 = 1UL << 15;
    public const ulong Tid1 = 1UL << 16;
    public const ulong Tid2 = 1UL << 17;
    public const ulong Tid3 = 1UL << 18;
    public const ulong Tsc = 1UL << 19;
    public const ulong Tidcp = 1UL << 20;
    public const ulong Tacr = 1UL << 21;
    public const ulong Tsw = 1UL << 22;
    public const ulong Tpcp = 1UL << 23;
    public const ulong Tpu = 1UL << 24;
    public const ulong Ttlb = 1UL << 25;
    public const ulong Tvm = 1UL << 26;
    public const ulong Tge = 1UL << 27;
    public const ulong Tdz = 1UL << 28;
    public const ulong Hcd = 1UL << 29;
    public const ulong Trvm = 1UL << 30;
    public const ulong Rw = 1UL << 31;
}
