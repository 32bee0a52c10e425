namespace Armvisor.Core.WfeChannel;

/// <summary>X0..X3 as a WFE-channel request or response travels in them.</summary>
public readonly record struct WfeRegisters(ulong X0, ulong X1, ulong X2, ulong X3);
