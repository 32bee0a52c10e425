using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using Armvisor.Integration.Tests.Linux;
using Armvisor.Vmm;
using Armvisor.Vmm.LinuxKit;
using Armvisor.Vmm.Network;

namespace Armvisor.Integration.Tests.Network;

/// <summary>
/// Issue 19, user-mode networking with real clients, in Debian's kernel with the kit's busybox: udhcpc gets the lease,
/// wget fetches a page from a server this test runs on the host's loopback, and busybox httpd in the guest is reached
/// from the host through a hostfwd with HttpClient, curl and headless Chromium (its DOM holds the guest's page, and
/// its screenshot, kept as a test artifact, is a valid PNG with the text rendered). The same scenario runs on QEMU's
/// -netdev user as the reference. Armvisor's default also keeps the guest away from host loopback services.
/// </summary>
[Collection(LinuxGuestCollection.Name)]
[Trait("Requires", "LinuxOnArmvisor")]
public sealed class UserNetworkLinuxTests(GuestKitFixture kit)
{
    private const string GuestPage = "hello from the guest";

    [Theory]
    [InlineData(GuestBackend.ArmvisorName)]
    [InlineData(GuestBackend.QemuName)]
    public async Task UserNetwork_DhcpFetchFromHostAndHostForward_AllReachTheirPeers(string backend)
    {
        using var server = new LoopbackHttpServer($"page from the host loopback for {backend}\n");
        int forwarded = FreeTcpPort.Pick();
        // Armvisor needs hostloopback=on for 10.0.2.2 to reach the host's loopback; QEMU's slirp always allows it.
        var network = new NetworkConfiguration(NetworkBackendKind.User, null,
            [HostForward.Parse($"tcp:127.0.0.1:{forwarded}-:80")], HostLoopback: true, Mac: null);
        var commandLine = new GuestCommandLine
        {
            Run = [GuestScripts.Network],
            Parameters = new Dictionary<string, string>
            {
                ["net_fetch"] = $"http://{UserNetwork.Gateway}:{server.Port}/index.html",
                ["net_serve"] = "300",
            },
        };

        Task<HostSide>? hostSide = null;
        GuestRun run = GuestBackend.For(backend).Boot(Configuration(commandLine, network), BootTimeout(backend), line =>
        {
            if (line.Contains("httpd=listening", StringComparison.Ordinal))
            {
                hostSide ??= Task.Run(() => FetchFromGuest(forwarded, backend));
            }
        });

        GuestScriptResult net = run.Transcript.Script(GuestScripts.Network);
        Assert.True(net.Status == 0, run.ToString());
        Assert.Equal("ok", net.Value("dhcp"));
        Assert.Equal("10.0.2.15/24", net.Value("address"));
        Assert.Equal("10.0.2.2", net.Value("router"));
        Assert.Equal("52:54:00:12:34:56", net.Value("eth0-mac"));
        Assert.Equal("ok", net.Value("fetch"));
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(server.Body))), net.Value("sha256"));
        Assert.True(hostSide is not null, "the guest's httpd never listened\n" + run);
        HostSide host = await hostSide!;
        Assert.Equal(GuestPage, host.HttpClientBody.Trim());
        if (host.CurlBody is { } curl)
        {
            Assert.Equal(GuestPage, curl.Trim());
        }

        Assert.Contains(GuestPage, host.ChromiumDom, StringComparison.Ordinal);
        PngImage screenshot = PngImage.Decode(await File.ReadAllBytesAsync(host.ScreenshotPath));
        Assert.Equal((ScreenshotWidth, ScreenshotHeight), (screenshot.Width, screenshot.Height));
        int dark = screenshot.DarkPixels();
        // The 20 characters of black text on the white page: some hundreds of dark pixels, far from all of them.
        Assert.True(dark > 100 && dark < screenshot.Width * screenshot.Height / 10, $"{dark} dark pixels in {host.ScreenshotPath}");

        Assert.Equal("yes", net.Value("served"));
        Assert.Equal(0, run.ExitCode);
    }

    /// <summary>
    /// Without hostloopback=on the gateway is not the host: a host loopback service stays out of the guest's reach
    /// (passt --no-map-gw), while the guest still gets its lease.
    /// </summary>
    [Fact]
    public void UserNetwork_Default_GuestCannotReachHostLoopbackServices()
    {
        using var server = new LoopbackHttpServer("must not be served\n");
        var network = new NetworkConfiguration(NetworkBackendKind.User, null, [], HostLoopback: false, Mac: null);
        var commandLine = new GuestCommandLine
        {
            Run = [GuestScripts.Network],
            Parameters = new Dictionary<string, string> { ["net_blocked"] = $"http://{UserNetwork.Gateway}:{server.Port}/" },
        };

        GuestRun run = GuestBackend.For(GuestBackend.ArmvisorName).Boot(Configuration(commandLine, network), BootTimeout(GuestBackend.ArmvisorName));

        GuestScriptResult net = run.Transcript.Script(GuestScripts.Network);
        Assert.True(net.Status == 0, run.ToString());
        Assert.Equal("ok", net.Value("dhcp"));
        Assert.Equal("unreachable", net.Value("blocked"));
        Assert.Equal(0, server.Requests);
    }

    private static TimeSpan BootTimeout(string backend) => backend == GuestBackend.QemuName ? TimeSpan.FromMinutes(3) : TimeSpan.FromMinutes(10);

    private MachineConfiguration Configuration(GuestCommandLine commandLine, NetworkConfiguration network) =>
        kit.Configuration(1, commandLine) with { Networks = [network] };

    private const string Chromium = "/usr/bin/chromium";
    private const int ScreenshotWidth = 640;
    private const int ScreenshotHeight = 360;

    /// <summary>
    /// The host side of the forward: HttpClient, then curl when installed, then headless Chromium (DOM, then a
    /// screenshot into the test artifacts: ARMVISOR_TEST_ARTIFACTS, default bin/…/artifacts/), then the CGI that lets
    /// the guest finish.
    /// </summary>
    private static async Task<HostSide> FetchFromGuest(int port, string backend)
    {
        string url = $"http://127.0.0.1:{port}/";
        string profile = Directory.CreateTempSubdirectory("armvisor-chromium-").FullName;
        try
        {
            using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
            string page = await client.GetStringAsync(new Uri(url));
            string? curl = Curl(url);
            Assert.True(File.Exists(Chromium), $"{Chromium} is missing: install Debian's chromium package (scripts/install-deps.sh)");
            string dom = await BrowserAsync(profile, url, "--dump-dom");
            string artifacts = Environment.GetEnvironmentVariable("ARMVISOR_TEST_ARTIFACTS") ?? Path.Combine(AppContext.BaseDirectory, "artifacts");
            Directory.CreateDirectory(artifacts);
            string screenshot = Path.Combine(artifacts, $"guest-httpd-hostfwd-{backend}.png");
            File.Delete(screenshot);
            await BrowserAsync(profile, url, $"--screenshot={screenshot}", $"--window-size={ScreenshotWidth},{ScreenshotHeight}");
            return new HostSide(page, curl, dom, screenshot);
        }
        finally
        {
            Directory.Delete(profile, recursive: true);
            using var done = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
            await done.GetStringAsync(new Uri(url + "cgi-bin/done"));
        }
    }

    /// <summary>Headless Chromium with its own profile, every host name but loopback unresolvable; returns stdout.</summary>
    private static async Task<string> BrowserAsync(string profile, string url, params string[] action)
    {
        var start = new ProcessStartInfo(Chromium) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string argument in new[]
        {
            "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--no-default-browser-check", "--disable-extensions",
            "--disable-background-networking", "--disable-component-update", "--disable-sync", "--hide-scrollbars",
            "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1", $"--user-data-dir={profile}",
        }.Concat(action).Append(url))
        {
            start.ArgumentList.Add(argument);
        }

        using Process process = Process.Start(start)!;
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"chromium did not finish: {await stderr}");
        }

        Assert.True(process.ExitCode == 0, $"chromium exit {process.ExitCode}: {await stderr}");
        return await stdout;
    }

    private static string? Curl(string url)
    {
        var start = new ProcessStartInfo("curl") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string argument in (string[])["-s", "-S", "-m", "30", url])
        {
            start.ArgumentList.Add(argument);
        }

        try
        {
            using Process process = Process.Start(start)!;
            string output = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            return process.ExitCode == 0 ? output : $"curl failed with {process.ExitCode}: {process.StandardError.ReadToEnd()}";
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;   // curl is not installed: HttpClient alone
        }
    }

    private sealed record HostSide(string HttpClientBody, string? CurlBody, string ChromiumDom, string ScreenshotPath);
}
