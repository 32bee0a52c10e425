using System.Collections.Concurrent;
using Armvisor.Engine;
using Microsoft.Extensions.Logging;

namespace Armvisor.Vmm.Gdb;

/// <summary>
/// One gdb connection speaking the remote serial protocol (GDB manual appendix E) to a machine in all-stop mode. A
/// reader thread turns the byte stream into packets and Ctrl-C interrupts; stops of the machine arrive as events; this
/// loop handles them one at a time, so replies never interleave. Attaching stops the machine; detaching, or losing the
/// connection (including a malformed or oversized packet, which closes it with a log line), clears the breakpoints and
/// lets the guest run on.
/// </summary>
internal sealed partial class GdbSession
{
    /// <summary>The PacketSize announced in qSupported (hex 0x4000): the longest packet accepted.</summary>
    public const int MaxPacket = 0x4000;

    private readonly Stream _stream;
    private readonly MachineDebugController _target;
    private readonly ILogger _logger;
    private readonly string _peer;
    private readonly BlockingCollection<Item> _items = [];
    private readonly HashSet<ulong> _breakpoints = [];
    private readonly HashSet<DebugWatchpoint> _watchpoints = [];
    private bool _running;
    private bool _closing;
    private int _generalThread;
    private int _continueThread;

    public GdbSession(Stream stream, MachineDebugController target, ILogger logger, string peer)
    {
        _stream = stream;
        _target = target;
        _logger = logger;
        _peer = peer;
    }

    /// <summary>Serves the connection until it closes, gdb detaches or kills, or the machine ends.</summary>
    public void Run()
    {
        Action<GdbStopEvent> onStop = stop => _items.Add(new Item(null, stop, Ended: false));
        Action onEnded = () => _items.Add(new Item(null, null, Ended: true));
        _target.Stopped += onStop;
        _target.Ended += onEnded;
        var reader = new Thread(() => ReadInputs(new GdbPacketReader(_stream, MaxPacket))) { Name = "gdb-reader", IsBackground = true };
        try
        {
            // Attaching stops the machine (as QEMU's stub does), whether it was running or waiting (--wait-for-gdb).
            _target.RequestHalt(5);
            if (!_target.WaitUntilStopped(TimeSpan.FromSeconds(10)))
            {
                _logger.LogWarning("gdb: the machine did not stop for {Peer}; closing", _peer);
                return;
            }

            if (_target.LastStop is { } initial)
            {
                _generalThread = _continueThread = initial.Vcpu;
            }

            reader.Start();
            while (!_closing)
            {
                Item item = _items.Take();
                if (item.Ended)
                {
                    Send("W00");
                    return;
                }

                if (item.Stop is { } stop)
                {
                    if (_running)
                    {
                        _running = false;
                        _generalThread = _continueThread = stop.Vcpu;
                        Send(StopReply(stop));
                    }

                    continue;
                }

                if (item.Input is not { } input)
                {
                    return; // the connection closed
                }

                if (input.Interrupt)
                {
                    if (_running)
                    {
                        _target.RequestHalt(2, _continueThread);
                    }

                    continue;
                }

                if (!_running)
                {
                    Handle(input.Packet!);
                }
            }
        }
        catch (IOException e)
        {
            _logger.LogInformation("gdb: connection from {Peer} lost: {Message}", _peer, e.Message);
        }
        finally
        {
            _target.Stopped -= onStop;
            _target.Ended -= onEnded;
            ReleaseMachine();
            _stream.Dispose();
        }
    }

    /// <summary>The debugger is gone: its breakpoints go, and a stopped machine runs on.</summary>
    private void ReleaseMachine()
    {
        _target.SetBreakpoints([]);
        _target.SetWatchpoints([]);
        if (_target.AllStopped)
        {
            _target.Resume(Enumerable.Repeat(GdbResumeAction.Continue, _target.Vcpus.Count).ToArray());
        }
    }

    private void ReadInputs(GdbPacketReader reader)
    {
        try
        {
            while (reader.Read() is { } input)
            {
                _items.Add(new Item(input, null, Ended: false));
            }

            _logger.LogInformation("gdb: {Peer} closed the connection", _peer);
        }
        catch (GdbProtocolException e)
        {
            _logger.LogWarning("gdb: closing the connection from {Peer}: {Reason}", _peer, e.Message);
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException)
        {
            _logger.LogInformation("gdb: connection from {Peer} ended: {Message}", _peer, e.Message);
        }

        _items.Add(new Item(null, null, Ended: false));
    }

    private void Send(string payload)
    {
        byte[] frame = GdbPacketWriter.Frame(payload);
        _stream.Write(frame);
        _stream.Flush();
    }

    /// <summary>
    /// A stop reply: T, the signal, the thread that stopped and, after a watchpoint, <c>watch</c>/<c>rwatch</c>/<c>awatch</c>
    /// with the watchpoint's address (GDB manual E.3 "Stop Reply Packets"; the order QEMU uses).
    /// </summary>
    private static string StopReply(GdbStopEvent stop)
    {
        string reply = $"T{stop.Signal:x2}thread:{ThreadId(stop.Vcpu):x};";
        return stop.Watch switch
        {
            DebugWatchpointKind.Write => reply + $"watch:{stop.WatchAddress:x16};",
            DebugWatchpointKind.Read => reply + $"rwatch:{stop.WatchAddress:x16};",
            DebugWatchpointKind.Access => reply + $"awatch:{stop.WatchAddress:x16};",
            _ => reply,
        };
    }

    /// <summary>gdb thread ids are positive: vCPU n is thread n + 1.</summary>
    private static int ThreadId(int vcpu) => vcpu + 1;

    private readonly record struct Item(GdbInput? Input, GdbStopEvent? Stop, bool Ended);
}
