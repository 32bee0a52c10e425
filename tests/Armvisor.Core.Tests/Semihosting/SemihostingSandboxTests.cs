using Armvisor.Core.Semihosting;

namespace Armvisor.Core.Tests.Semihosting;

/// <summary>SYS_OPEN names resolve only inside the semihosting root: no "..", absolute paths or symbolic links.</summary>
public sealed class SemihostingSandboxTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("armvisor-sandbox-").FullName;
    private readonly SemihostingSandbox _sandbox;

    public SemihostingSandboxTests()
    {
        Directory.CreateDirectory(Path.Combine(_directory, "root", "sub"));
        File.WriteAllText(Path.Combine(_directory, "outside.txt"), "secret");
        File.CreateSymbolicLink(Path.Combine(_directory, "root", "link.txt"), Path.Combine(_directory, "outside.txt"));
        Directory.CreateSymbolicLink(Path.Combine(_directory, "root", "linkdir"), _directory);
        _sandbox = new SemihostingSandbox(Path.Combine(_directory, "root"));
    }

    [Theory]
    [InlineData("file.txt")]
    [InlineData("sub/file.txt")]
    [InlineData("sub//file.txt")]
    public void Resolve_NameInsideTheRoot_IsThatFile(string name)
    {
        Assert.Equal(Path.Combine(_directory, "root", name.Replace("//", "/", StringComparison.Ordinal)), _sandbox.Resolve(name));
    }

    [Theory]
    [InlineData("../outside.txt")]
    [InlineData("sub/../../outside.txt")]
    [InlineData("sub/..")]
    [InlineData("./file.txt")]
    [InlineData("/etc/passwd")]
    [InlineData("link.txt")]
    [InlineData("linkdir/outside.txt")]
    [InlineData("")]
    [InlineData("a\0b")]
    public void Resolve_NameLeavingTheRoot_IsRefused(string name)
    {
        Assert.Null(_sandbox.Resolve(name));
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
