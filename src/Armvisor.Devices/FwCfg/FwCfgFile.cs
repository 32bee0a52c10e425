namespace Armvisor.Devices.FwCfg;

/// <summary>A named fw_cfg item (an FWCfgFile entry of the file directory) with its selector key and contents.</summary>
public sealed record FwCfgFile(string Name, ushort Key, byte[] Contents);
