namespace Armvisor.Vmm;

/// <summary>Where the PL011's output goes and its input comes from.</summary>
public enum SerialBackendKind
{
    /// <summary>The host console: stdout, and stdin in raw mode on a terminal (Ctrl-A x quits).</summary>
    Stdio,

    /// <summary>Output appended to a file; no input.</summary>
    File,

    /// <summary>A TCP listener on 127.0.0.1; one client at a time.</summary>
    Tcp,

    /// <summary>Output discarded, no input.</summary>
    None,
}
