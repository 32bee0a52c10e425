using System.Text.Json;
using System.Text.Json.Nodes;

namespace Armvisor.Vmm.Control;

/// <summary>One QMP command: its name, the arguments it accepts (required ones first marked), and what it does.</summary>
/// <param name="Name">The command name as clients execute it.</param>
/// <param name="Required">Arguments that must be present.</param>
/// <param name="Optional">Arguments that may be present; anything else is "Parameter 'x' is unexpected".</param>
/// <param name="Handler">Runs the command with its arguments (an empty object when none); returns the "return" value.</param>
internal sealed record QmpCommand(string Name, string[] Required, string[] Optional, Func<JsonElement, JsonNode> Handler);
