using Armvisor.Vmm.Network;

namespace Armvisor.Vmm.Tests.Network;

public sealed class PasstPackageTests
{
    [Fact]
    public void InstalledVersion_DpkgStatusWithPasst_ReadsItsStanzaOnly()
    {
        string status = Path.GetTempFileName();
        try
        {
            File.WriteAllText(status, """
                Package: passt-extra
                Version: 9.9

                Package: passt
                Status: install ok installed
                Version: 0.0~git20230309.7c7625d-1
                Architecture: amd64

                Package: qemu-system-arm
                Version: 1:7.2+dfsg-7

                """);

            Assert.Equal("0.0~git20230309.7c7625d-1", PasstPackage.InstalledVersion(status));
        }
        finally
        {
            File.Delete(status);
        }
    }

    [Fact]
    public void InstalledVersion_NoStatusFile_IsNull() =>
        Assert.Null(PasstPackage.InstalledVersion("/nonexistent/dpkg/status"));

    [Theory]
    [InlineData(null, "0.0~git20230309.7c7625d-1", true)]
    [InlineData("", "0.0~git20230309.7c7625d-1", true)]
    [InlineData("/opt/passt/passt", "0.0~git20230309.7c7625d-1", false)]
    [InlineData(null, "0.0~git20250503.587980c-2+deb13u1", false)]
    [InlineData(null, null, false)]
    public void KnownDefect_Debian12BuildOnly_NamesTheResetAndTheOverride(string? custom, string? version, bool expected)
    {
        string? defect = PasstPackage.KnownDefect(custom, version);

        Assert.Equal(expected, defect is not null);
        if (defect is not null)
        {
            Assert.Contains("24 s", defect, StringComparison.Ordinal);
            Assert.Contains(PasstPackage.ExecutableVariable, defect, StringComparison.Ordinal);
        }
    }
}
