namespace Armvisor.Firmware.Assembly;

/// <summary>Condition codes (DDI0487 C1.2.4, Table C1-1).</summary>
public enum A64Condition : uint
{
    Eq = 0x0,
    Ne = 0x1,
}
