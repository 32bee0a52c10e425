namespace Armvisor.Bench.Harness;

/// <summary>How a bare-metal run ended.</summary>
public enum HarnessOutcome
{
    /// <summary>The guest called PSCI SYSTEM_OFF.</summary>
    PoweredOff,

    /// <summary>The guest called PSCI SYSTEM_RESET.</summary>
    Reset,

    /// <summary>The guest did something the harness does not emulate; see <see cref="HarnessResult.Diagnostic"/>.</summary>
    Stopped,

    /// <summary>The instruction budget or the wall-clock limit ran out.</summary>
    TimedOut,
}
