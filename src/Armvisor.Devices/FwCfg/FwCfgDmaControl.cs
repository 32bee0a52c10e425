namespace Armvisor.Devices.FwCfg;

/// <summary>The control word of an FWCfgDmaAccess (fw_cfg.rst "DMA interface"; big-endian in guest memory).</summary>
[Flags]
public enum FwCfgDmaControl : uint
{
    None = 0,
    Error = 0x01,
    Read = 0x02,
    Skip = 0x04,
    Select = 0x08,
    Write = 0x10,
}
