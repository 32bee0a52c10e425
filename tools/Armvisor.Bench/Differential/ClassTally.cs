namespace Armvisor.Bench.Differential;

/// <summary>Per-class counts of a differential run.</summary>
public sealed class ClassTally
{
    public long Cases { get; set; }

    /// <summary>Cases that took an exception on QEMU (UNDEFINED, alignment...): compared too, reported for coverage.</summary>
    public long Exceptions { get; set; }

    public long Mismatches { get; set; }
}
