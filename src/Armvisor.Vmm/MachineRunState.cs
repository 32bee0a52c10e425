namespace Armvisor.Vmm;

/// <summary>A machine's run state, named as QMP's query-status reports it (qapi RunState).</summary>
public enum MachineRunState
{
    /// <summary>Built, vCPUs not started ("prelaunch").</summary>
    Prelaunch,

    Running,

    /// <summary>Every vCPU parked at an instruction boundary, guest time stopped ("paused").</summary>
    Paused,

    /// <summary>The guest or the host ended the run ("shutdown").</summary>
    Shutdown,
}
