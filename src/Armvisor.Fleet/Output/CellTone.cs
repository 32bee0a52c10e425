namespace Armvisor.Fleet.Output;

/// <summary>The meaning a cell's colour carries on a terminal (never in a pipe or with NO_COLOR).</summary>
public enum CellTone
{
    None,
    Good,
    Bad,
}
