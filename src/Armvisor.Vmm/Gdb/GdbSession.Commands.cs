using System.Globalization;
using System.Text;
using Armvisor.Core;
using Armvisor.Engine;

namespace Armvisor.Vmm.Gdb;

/// <summary>The packets the stub answers (GDB manual E.4 "Packets", E.4 "General Query Packets").</summary>
internal sealed partial class GdbSession
{
    private const string Supported = "PacketSize=4000;qXfer:features:read+;QStartNoAckMode+;vContSupported+";

    /// <summary>EINVAL, the error number replies use for malformed arguments.</summary>
    private const string ErrorInvalid = "E16";

    /// <summary>EFAULT: memory that does not translate to RAM.</summary>
    private const string ErrorFault = "E0e";

    private void Handle(string packet)
    {
        string? reply = packet[0] switch
        {
            '?' => StopReply(_target.LastStop ?? new GdbStopEvent(_generalThread, 5)),
            'q' => Query(packet),
            'Q' => packet == "QStartNoAckMode" ? "OK" : "",
            'H' => SetThread(packet),
            'T' => ParseThread(packet[1..], out int alive) && alive >= 0 ? "OK" : "E01",
            'g' => ReadAllRegisters(),
            'G' => WriteAllRegisters(packet[1..]),
            'p' => ReadRegister(packet[1..]),
            'P' => WriteRegister(packet[1..]),
            'm' => ReadMemory(packet[1..]),
            'M' => WriteMemory(packet[1..]),
            'Z' or 'z' => Breakpoint(packet),
            'c' => ResumeOne(packet[1..], GdbResumeAction.Continue),
            's' => ResumeOne(packet[1..], GdbResumeAction.Step),
            'v' => VerbosePacket(packet),
            'D' => Detach(),
            'k' => Kill(reply: false),
            _ => "",
        };
        if (reply is not null)
        {
            Send(reply);
        }
    }

    private string Query(string packet)
    {
        if (packet.StartsWith("qSupported", StringComparison.Ordinal))
        {
            return Supported;
        }

        if (packet.StartsWith("qXfer:features:read:", StringComparison.Ordinal))
        {
            return ReadFeatures(packet["qXfer:features:read:".Length..]);
        }

        if (packet.StartsWith("qThreadExtraInfo,", StringComparison.Ordinal))
        {
            return ParseThread(packet["qThreadExtraInfo,".Length..], out int vcpu) && vcpu >= 0
                ? Convert.ToHexStringLower(Encoding.ASCII.GetBytes($"vCPU {vcpu} [{_target.Vcpus[vcpu].PowerState}]"))
                : "E01";
        }

        return packet switch
        {
            "qC" => $"QC{ThreadId(_generalThread):x}",
            "qAttached" => "1",
            "qfThreadInfo" => "m" + string.Join(',', Enumerable.Range(0, _target.Vcpus.Count).Select(i => ThreadId(i).ToString("x", CultureInfo.InvariantCulture))),
            "qsThreadInfo" => "l",
            _ when packet.StartsWith("qSymbol", StringComparison.Ordinal) => "OK",
            _ => "",
        };
    }

    /// <summary>qXfer:features:read:ANNEX:OFFSET,LENGTH → 'm' (more) or 'l' (last) and the bytes.</summary>
    private static string ReadFeatures(string args)
    {
        int colon = args.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0 || !TryParseRange(args[(colon + 1)..], out ulong offset, out ulong length))
        {
            return ErrorInvalid;
        }

        if (args[..colon] != "target.xml")
        {
            return "E00";
        }

        string xml = GdbTargetDescription.Xml;
        if (offset >= (ulong)xml.Length)
        {
            return "l";
        }

        int count = (int)Math.Min(Math.Min(length, (ulong)xml.Length - offset), (MaxPacket / 2) - 8);
        bool last = (int)offset + count >= xml.Length;
        return (last ? "l" : "m") + GdbPacketWriter.EscapeBinary(xml.AsSpan((int)offset, count));
    }

    /// <summary>Hg/Hc THREAD: the thread later register/memory packets (g) or step/continue (c) refer to.</summary>
    private string SetThread(string packet)
    {
        if (packet.Length < 2 || !ParseThread(packet[2..], out int vcpu))
        {
            return ErrorInvalid;
        }

        int chosen = vcpu < 0 ? (packet[1] == 'g' ? _generalThread : _continueThread) : vcpu;
        if (packet[1] == 'g')
        {
            _generalThread = chosen;
        }
        else
        {
            _continueThread = chosen;
        }

        return "OK";
    }

    /// <summary>A thread id: hex, -1 (all) or 0 (any) give -1; false if malformed or not a vCPU.</summary>
    private bool ParseThread(string text, out int vcpu)
    {
        vcpu = -1;
        if (text is "-1" or "0")
        {
            return true;
        }

        if (!int.TryParse(text, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out int id) || id < 1 || id > _target.Vcpus.Count)
        {
            return false;
        }

        vcpu = id - 1;
        return true;
    }

    private IVcpuEngine? Engine => _target.Vcpus[_generalThread].Engine;

    private string ReadAllRegisters()
    {
        var builder = new StringBuilder();
        for (int i = 0; i < GdbRegisters.Count; i++)
        {
            builder.Append(Convert.ToHexStringLower(GdbRegisters.Read(Engine, i)));
        }

        return builder.ToString();
    }

    private string WriteAllRegisters(string hex)
    {
        if (!TryHex(hex, out byte[] bytes))
        {
            return ErrorInvalid;
        }

        int offset = 0;
        for (int i = 0; i < GdbRegisters.Count && offset < bytes.Length; i++)
        {
            int size = GdbRegisters.SizeOf(i);
            if (offset + size > bytes.Length || !GdbRegisters.Write(Engine, i, bytes.AsSpan(offset, size)))
            {
                return ErrorInvalid;
            }

            offset += size;
        }

        return "OK";
    }

    private string ReadRegister(string text) =>
        int.TryParse(text, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out int n) && GdbRegisters.SizeOf(n) > 0
            ? Convert.ToHexStringLower(GdbRegisters.Read(Engine, n))
            : ErrorInvalid;

    private string WriteRegister(string text)
    {
        int eq = text.IndexOf('=', StringComparison.Ordinal);
        return eq > 0
            && int.TryParse(text[..eq], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out int n)
            && TryHex(text[(eq + 1)..], out byte[] value)
            && GdbRegisters.Write(Engine, n, value)
            ? "OK"
            : ErrorInvalid;
    }

    /// <summary>m ADDR,LENGTH through the general thread's current translation; a partial read returns what is mapped.</summary>
    private string ReadMemory(string args)
    {
        if (!TryParseRange(args, out ulong address, out ulong length))
        {
            return ErrorInvalid;
        }

        if (_target.Vcpus[_generalThread].Debugging is not { } debug)
        {
            return ErrorFault;
        }

        byte[] buffer = new byte[Math.Min(length, MaxPacket / 2)];
        int got = debug.ReadVirtualMemory(address, buffer);
        return got == 0 && buffer.Length > 0 ? ErrorFault : Convert.ToHexStringLower(buffer, 0, got);
    }

    private string WriteMemory(string args)
    {
        int colon = args.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0 || !TryParseRange(args[..colon], out ulong address, out ulong length)
            || !TryHex(args[(colon + 1)..], out byte[] data) || (ulong)data.Length != length)
        {
            return ErrorInvalid;
        }

        if (_target.Vcpus[_generalThread].Debugging is not { } debug)
        {
            return ErrorFault;
        }

        return debug.WriteVirtualMemory(address, data) == data.Length ? "OK" : ErrorFault;
    }

    /// <summary>
    /// Z0/z0 (software) and Z1/z1 (hardware) breakpoints, TYPE,ADDR,KIND: both are the engine's breakpoint set, which
    /// leaves guest memory untouched and works on every tier. Z2/Z3/Z4 (write, read, access watchpoints, KIND = the
    /// length in bytes) are the engine's watchpoints: the stop comes before the access, PC at the instruction, as QEMU
    /// stops on Arm (gdb then steps over it with the watchpoint removed), with a <c>watch</c>, <c>rwatch</c> or
    /// <c>awatch</c> stop reply (GDB manual E.3). Like QEMU's stub, neither kind has a count limit
    /// (the engine's comparators are not the guest's DBGBCR/DBGWCR, which stay the guest's own).
    /// </summary>
    private string Breakpoint(string packet)
    {
        string[] parts = packet[1..].Split(',');
        if (parts.Length < 3 || parts[0] is not ("0" or "1" or "2" or "3" or "4"))
        {
            return "";
        }

        if (parts[0] is "2" or "3" or "4")
        {
            return Watchpoint(packet[0] == 'Z', parts);
        }

        if (!ulong.TryParse(parts[1], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out ulong address) || (address & 3) != 0)
        {
            return ErrorInvalid;
        }

        bool changed = packet[0] == 'Z' ? _breakpoints.Add(address) : _breakpoints.Remove(address);
        if (changed)
        {
            _target.SetBreakpoints(_breakpoints);
        }

        return "OK";
    }

    private string Watchpoint(bool insert, string[] parts)
    {
        if (!ulong.TryParse(parts[1], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out ulong address)
            || !ulong.TryParse(parts[2].Split(';')[0], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out ulong length)
            || length == 0 || address + length - 1 < address)
        {
            return ErrorInvalid;
        }

        DebugWatchpointKind kind = parts[0] switch
        {
            "2" => DebugWatchpointKind.Write,
            "3" => DebugWatchpointKind.Read,
            _ => DebugWatchpointKind.Access,
        };
        var watchpoint = new DebugWatchpoint(address, length, kind);
        bool changed = insert ? _watchpoints.Add(watchpoint) : _watchpoints.Remove(watchpoint);
        if (changed)
        {
            _target.SetWatchpoints(_watchpoints);
        }

        return "OK";
    }

    /// <summary>c [ADDR] / s [ADDR]: the Hc thread continues or steps; in all-stop the others continue with c, stay with s.</summary>
    private string? ResumeOne(string addressText, GdbResumeAction action)
    {
        if (addressText.Length > 0)
        {
            if (!ulong.TryParse(addressText, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out ulong pc))
            {
                return ErrorInvalid;
            }

            _target.Vcpus[_continueThread].Engine?.SetRegister(Arm64Register.Pc, pc);
        }

        var actions = Enumerable.Repeat(action == GdbResumeAction.Continue ? GdbResumeAction.Continue : GdbResumeAction.Stay, _target.Vcpus.Count).ToArray();
        actions[_continueThread] = action;
        return Resume(actions);
    }

    private string? VerbosePacket(string packet)
    {
        if (packet == "vCont?")
        {
            return "vCont;c;C;s;S";
        }

        if (packet.StartsWith("vCont;", StringComparison.Ordinal))
        {
            return VCont(packet["vCont;".Length..]);
        }

        if (packet.StartsWith("vKill", StringComparison.Ordinal))
        {
            return Kill(reply: true);
        }

        return "";
    }

    /// <summary>vCont;ACTION[:THREAD];...: the leftmost action that names a thread (or none) applies to it (GDB manual E.4 vCont).</summary>
    private string? VCont(string text)
    {
        var actions = new GdbResumeAction?[_target.Vcpus.Count];
        foreach (string part in text.Split(';'))
        {
            string[] pieces = part.Split(':');
            if (pieces[0].Length == 0)
            {
                return ErrorInvalid;
            }

            GdbResumeAction action = pieces[0][0] switch
            {
                'c' or 'C' => GdbResumeAction.Continue,
                's' or 'S' => GdbResumeAction.Step,
                _ => GdbResumeAction.Stay,
            };
            if (action == GdbResumeAction.Stay)
            {
                return ErrorInvalid;
            }

            int vcpu = -1;
            if (pieces.Length > 1 && !ParseThread(pieces[1], out vcpu))
            {
                return ErrorInvalid;
            }

            for (int i = 0; i < actions.Length; i++)
            {
                if ((vcpu < 0 || vcpu == i) && actions[i] is null)
                {
                    actions[i] = action;
                }
            }
        }

        return Resume(actions.Select(a => a ?? GdbResumeAction.Stay).ToArray());
    }

    /// <summary>Resumes; the reply is the stop reply sent when the machine stops again (none now).</summary>
    private string? Resume(GdbResumeAction[] actions)
    {
        if (actions.All(a => a == GdbResumeAction.Stay))
        {
            return ErrorInvalid;
        }

        _running = true;
        _target.Resume(actions);
        return null;
    }

    private string? Detach()
    {
        Send("OK");
        _closing = true;
        return null;
    }

    private string? Kill(bool reply)
    {
        if (reply)
        {
            Send("OK");
        }

        _closing = true;
        _target.Kill?.Invoke();
        return null;
    }

    private static bool TryParseRange(string text, out ulong address, out ulong length)
    {
        address = length = 0;
        int comma = text.IndexOf(',', StringComparison.Ordinal);
        return comma > 0
            && ulong.TryParse(text[..comma], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out address)
            && ulong.TryParse(text[(comma + 1)..], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out length);
    }

    private static bool TryHex(string text, out byte[] bytes)
    {
        bytes = [];
        if ((text.Length & 1) != 0)
        {
            return false;
        }

        try
        {
            bytes = Convert.FromHexString(text);
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
