using System.Diagnostics;
using Armvisor.Fleet.Commands;
using Armvisor.Fleet.Tests.Support;

namespace Armvisor.Fleet.Tests.Commands;

public sealed class FleetCommandsTests
{
    [Fact]
    public void Create_FleetAndImageCommands_WithHiddenAgent()
    {
        var commands = FleetCommands.Create().ToList();
        Assert.Equal(["fleet", "image"], commands.Select(c => c.Name));
        var fleet = commands[0];
        Assert.Equal(["up", "status", "daemon", "agent", "bench-metadata"], fleet.Subcommands.Select(c => c.Name));
        Assert.True(fleet.Subcommands.Single(c => c.Name == "agent").Hidden);
        Assert.False(fleet.Subcommands.Single(c => c.Name == "up").Hidden);
        Assert.Equal("build", Assert.Single(commands[1].Subcommands).Name);
    }

    [Fact]
    public async Task Status_NoFleet_OneLineOnStderrExit2()
    {
        using var dir = new TempDirectory();
        var start = new ProcessStartInfo(TestImage.AgentCommand[0]) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var arg in new[] { Path.Combine(AppContext.BaseDirectory, "Armvisor.Fleet.Tests.dll"), "fleet", "status", "--data", dir.Sub("none") })
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        string stderr = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.Equal(2, process.ExitCode);
        Assert.Equal($"armvisor: no fleet in {dir.Sub("none")}", stderr.TrimEnd('\n'));
    }
}
