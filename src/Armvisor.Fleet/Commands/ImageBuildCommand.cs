using System.CommandLine;
using System.Globalization;
using System.Reflection;
using Armvisor.Fleet.Configuration;
using Armvisor.Fleet.Daemon;
using Armvisor.Fleet.Images;
using Armvisor.Fleet.Output;

namespace Armvisor.Fleet.Commands;

/// <summary><c>armvisor image build</c>: a versioned, content-addressed master image.</summary>
internal static class ImageBuildCommand
{
    public static Command Create()
    {
        var data = CommonOptions.Data();
        var payload = new Option<string?>("--payload") { Description = "Self-contained publish of the Armvisor host software (default: this program's directory)." };
        var imageRoot = new Option<string?>("--image-root") { Description = "Image root directory (default: DATA/images)." };
        var output = new OutputOptions();
        var version = new Option<string>("--version") { Description = "Image version.", DefaultValueFactory = _ => "1" };
        var vmCommand = new Option<string[]>("--vm-command") { Description = "argv that starts one VM ({image}, {kernel}, {name}, {memory}, {cpus}, {run}).", AllowMultipleArgumentsPerToken = true };
        var command = new Command("build", "Build a master boot image (never modified afterwards; its hash is checked at every boot).")
        {
            data, payload, imageRoot, version, vmCommand,
        };
        output.AddTo(command);
        command.SetAction((parse, cancellationToken) => FleetCommands.Guard(() =>
        {
            string dataDirectory = parse.GetValue(data)!;
            var image = Build(dataDirectory, parse.GetValue(payload), parse.GetValue(imageRoot), parse.GetValue(version)!, parse.GetValue(vmCommand) is { Length: > 0 } vm ? vm : null);
            Write(Console.Out, ImageDocument.From(image), parse.GetValue(output.Format), parse.GetValue(output.Style), Terminal.StdoutIsTerminal);
            return Task.FromResult(0);
        }));
        return command;
    }

    /// <summary>Prints the built image: a one-row table (id, version, files, size, directory) or its JSON document.</summary>
    public static void Write(TextWriter stdout, ImageDocument image, OutputFormat format, TableStyle style, bool isTerminal)
    {
        switch (format)
        {
            case OutputFormat.Json:
                OutputJson.WriteDocument(stdout, image);
                break;
            case OutputFormat.Jsonl:
                OutputJson.WriteLines(stdout, [image]);
                break;
            default:
                var table = new TextTable("ID", "VERSION", "FILES", "BYTES", "DIRECTORY").RightAlign("FILES", "BYTES");
                table.AddRow(image.Id, image.Version, image.Files.ToString(CultureInfo.InvariantCulture), image.Bytes.ToString(CultureInfo.InvariantCulture), image.Directory);
                table.WriteTo(stdout, isTerminal, style);
                break;
        }
    }

    /// <summary>Builds an image of this program, trusting the fleet signing key of <paramref name="dataDirectory"/>.</summary>
    public static MasterImage Build(string dataDirectory, string? payload, string? output, string version, IReadOnlyList<string>? vmCommand = null)
    {
        using var seal = ConfigurationSeal.LoadOrCreate(FleetRuntime.SigningKeyPath(dataDirectory));
        string payloadDirectory = payload ?? AppContext.BaseDirectory;
        var defaults = vmCommand is null ? new ImageDefaults() : new ImageDefaults { VmCommand = vmCommand };
        return MasterImageBuilder.Build(payloadDirectory, output ?? Path.Combine(dataDirectory, "images"), version, seal.ExportPublicKeyPem(), AgentCommandLine(), defaults);
    }

    /// <summary>How the image boots its agent: this program, from the image's own bin/ directory.</summary>
    public static IReadOnlyList<string> AgentCommandLine()
    {
        string process = Environment.ProcessPath ?? "dotnet";
        string entry = Path.GetFileName(Assembly.GetEntryAssembly()?.Location ?? "armvisor.dll");
        return Path.GetFileNameWithoutExtension(process) == "dotnet"
            ? [process, "{image}/bin/" + entry, "fleet", "agent"]
            : ["{image}/bin/" + Path.GetFileName(process), "fleet", "agent"];
    }
}
