using Armvisor.Engine.Interpreter;
using Armvisor.Engine.SystemLevel;

namespace Armvisor.Engine.Tests;

/// <summary>A counter the test sets by hand.</summary>
internal sealed class ManualCounter : ICounterSource
{
    public ulong Frequency => 62_500_000;

    public ulong Now { get; set; }

    public ulong Read() => Now;
}
