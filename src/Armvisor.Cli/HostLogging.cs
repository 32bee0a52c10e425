using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace Armvisor.Cli;

/// <summary>Logs go to stderr, one line each, with their level; the guest's console owns stdout.</summary>
internal static class HostLogging
{
    /// <summary>--trace category names and the logger categories they open up.</summary>
    private static readonly Dictionary<string, string[]> s_traceCategories = new(StringComparer.OrdinalIgnoreCase)
    {
        ["exits"] = ["Armvisor.Vcpu"],
        ["mmio"] = ["Armvisor.Vcpu", "Armvisor.Devices"],
        ["psci"] = ["Armvisor.Psci", "Armvisor.SecureMonitor"],
        ["gic"] = ["Armvisor.Gic"],
        ["wfe"] = ["Armvisor.Vm", "Armvisor.Vcpu"],
        ["machine"] = ["Armvisor.Machine"],
    };

    public static ILoggerFactory Create(LogLevel level, IEnumerable<string> trace)
    {
        string[] categories = trace
            .Select(t => s_traceCategories.TryGetValue(t, out string[]? c) ? c : throw new Vmm.MachineConfigurationException(
                $"unknown --trace category '{t}' (known: {string.Join(", ", s_traceCategories.Keys)})"))
            .SelectMany(c => c)
            .ToArray();
        return LoggerFactory.Create(builder =>
        {
            builder.SetMinimumLevel(level);
            foreach (string category in categories)
            {
                builder.AddFilter(category, LogLevel.Trace);
            }

            builder.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
            builder.AddSimpleConsole(o =>
            {
                o.SingleLine = true;
                o.IncludeScopes = false;
                o.ColorBehavior = LoggerColorBehavior.Disabled;
                o.TimestampFormat = "HH:mm:ss.fff ";
            });
        });
    }

    public static LogLevel ParseLevel(string? text) => text?.ToLowerInvariant() switch
    {
        null or "warning" or "warn" => LogLevel.Warning,
        "error" => LogLevel.Error,
        "info" or "information" => LogLevel.Information,
        "debug" => LogLevel.Debug,
        "trace" => LogLevel.Trace,
        _ => throw new Vmm.MachineConfigurationException($"bad --log-level '{text}': expected error, warning, info, debug or trace"),
    };
}
