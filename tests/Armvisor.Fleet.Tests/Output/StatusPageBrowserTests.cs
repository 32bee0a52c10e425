using System.Diagnostics;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Armvisor.Fleet.Configuration;
using Armvisor.Fleet.Daemon;
using Armvisor.Fleet.State;
using Armvisor.Fleet.Tests.Support;

namespace Armvisor.Fleet.Tests.Output;

/// <summary>
/// Issue 23: the daemon's read-only status page, loaded in a real browser (Debian's headless Chromium) after a real
/// provisioning run with two failed hosts: the numbers the page renders equal the API's, the API matches its schemas,
/// and a screenshot is kept as a test artifact (ARMVISOR_TEST_ARTIFACTS, default bin/…/artifacts/).
/// </summary>
public sealed partial class StatusPageBrowserTests : IAsyncLifetime
{
    private const string Chromium = "/usr/bin/chromium";
    private readonly TempDirectory _dir = new("armvisor-page");
    private FleetRuntime? _runtime;

    private FleetRuntime Runtime => _runtime!;

    public async Task InitializeAsync()
    {
        string data = _dir.Sub("fleet");
        string image;
        using (var seal = ConfigurationSeal.LoadOrCreate(FleetRuntime.SigningKeyPath(data)))
        {
            image = TestImage.Build(_dir.Path, seal).Directory;
        }

        var settings = new FleetSettings { Store = "sqlite:" + Path.Combine(data, "fleet.db"), ImageDirectory = image, Provider = "in-process", Subnet = 124 };
        settings.Save(data);
        await using (var store = SqliteHostStateStore.Open(Path.Combine(data, "fleet.db")))
        {
            // Two hosts that failed in an earlier run (with reasons), beside the four this run provisions.
            await store.CreateAsync(new HostRecord { HostId = CloudDaemon.HostId(5), Index = 5, State = HostState.Failed, FailedPhase = "verify", Reason = "configuration sha256 mismatch", EnteredAt = DateTimeOffset.UtcNow });
            await store.CreateAsync(new HostRecord { HostId = CloudDaemon.HostId(6), Index = 6, State = HostState.Failed, FailedPhase = "timeout", Reason = "no progress past FirstBooting within 1800 s", EnteredAt = DateTimeOffset.UtcNow });
        }

        _runtime = await FleetRuntime.StartAsync(data, settings, statusListen: "127.0.0.1:0");
        await Runtime.Daemon.RegisterAsync(4);
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await Runtime.Daemon.RunAsync(cts.Token);
    }

    public async Task DisposeAsync()
    {
        if (_runtime is not null)
        {
            await _runtime.DisposeAsync();
        }

        _dir.Dispose();
    }

    [Fact]
    public async Task StatusPage_InHeadlessChromium_NumbersEqualApiAndScreenshotKept()
    {
        Assert.True(File.Exists(Chromium), $"{Chromium} is missing: install Debian's chromium package (scripts/install-deps.sh)");
        var page = Runtime.StatusPage!.BaseAddress;
        using var http = new HttpClient { BaseAddress = page };
        var status = OutputSchemas.AssertValid("fleet-status.v1.schema.json", await http.GetStringAsync("api/v1/status"));
        var history = OutputSchemas.AssertValid("fleet-history.v1.schema.json", await http.GetStringAsync("api/v1/history"));
        Assert.True(history.GetProperty("samples").GetArrayLength() >= 2, "the history holds the counts as they changed");
        Assert.Equal(4, status.GetProperty("counts").GetProperty("Provisioned").GetInt32());
        Assert.Equal(2, status.GetProperty("counts").GetProperty("Failed").GetInt32());

        string dom = await BrowserAsync(page, "--dump-dom");

        Assert.Contains("data-ready=\"1\"", dom, StringComparison.Ordinal);
        foreach (var count in status.GetProperty("counts").EnumerateObject())
        {
            var match = Regex.Match(dom, $"data-count=\"{count.Name}\">(\\d+)<");
            Assert.True(match.Success, $"the page shows no count for {count.Name}");
            Assert.Equal(count.Value.GetInt32(), int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture));
        }

        Assert.Equal(status.GetProperty("total").GetInt32().ToString(System.Globalization.CultureInfo.InvariantCulture), Regex.Match(dom, "id=\"total\">(\\d+)<").Groups[1].Value);
        string failures = Regex.Match(dom, "<table id=\"failures\">.*?</table>", RegexOptions.Singleline).Value;
        Assert.Equal(
            status.GetProperty("failures").EnumerateArray().Select(f => f.GetProperty("hostId").GetString()),
            HostRow().Matches(failures).Select(m => m.Groups[1].Value));
        foreach (var failure in status.GetProperty("failures").EnumerateArray())
        {
            Assert.Contains(WebUtility.HtmlEncode(failure.GetProperty("reason").GetString()!), failures, StringComparison.Ordinal);
        }

        string hosts = Regex.Match(dom, "<table id=\"hosts\">.*?</table>", RegexOptions.Singleline).Value;
        Assert.Equal(status.GetProperty("hosts").GetArrayLength(), HostRow().Matches(hosts).Count);
        Assert.True(int.Parse(Regex.Match(dom, "data-samples=\"(\\d+)\"").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) >= 2);
        Assert.Matches("<polyline[^>]+data-state=\"Provisioned\"", dom);

        string artifacts = Environment.GetEnvironmentVariable("ARMVISOR_TEST_ARTIFACTS") ?? Path.Combine(AppContext.BaseDirectory, "artifacts");
        Directory.CreateDirectory(artifacts);
        string screenshot = Path.Combine(artifacts, "fleet-status-page.png");
        File.Delete(screenshot);
        await BrowserAsync(page, $"--screenshot={screenshot}", "--window-size=1280,1100");
        Assert.True(File.Exists(screenshot) && new FileInfo(screenshot).Length > 10_000, $"no screenshot at {screenshot}");
    }

    [Fact]
    public async Task StatusPage_ReadOnlySameOriginOnly()
    {
        var page = Runtime.StatusPage!.BaseAddress;
        using var http = new HttpClient { BaseAddress = page };

        using var index = await http.GetAsync(string.Empty);
        Assert.Equal(HttpStatusCode.OK, index.StatusCode);
        Assert.StartsWith("default-src 'self'", index.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        foreach (string asset in new[] { string.Empty, "assets/status.js", "assets/status.css" })
        {
            string text = await http.GetStringAsync(asset);
            Assert.DoesNotMatch("(src|href)=\"(https?:)?//", text); // nothing loaded from another origin
        }

        using var post = await http.PostAsync("api/v1/status", new StringContent("{}"));
        Assert.Equal(HttpStatusCode.MethodNotAllowed, post.StatusCode);
        using var missing = await http.GetAsync("api/v1/hosts/host-0001/delete");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [GeneratedRegex("<tr data-host=\"(host-\\d+)\"")]
    private static partial Regex HostRow();

    /// <summary>
    /// Runs headless Chromium on <paramref name="page"/> with its own profile, every host name but loopback unresolvable
    /// (the page must need no external network), and virtual time so the page's fetches finish before the dump.
    /// </summary>
    private async Task<string> BrowserAsync(Uri page, params string[] action)
    {
        var start = new ProcessStartInfo(Chromium) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string argument in new[]
        {
            "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--no-default-browser-check", "--disable-extensions",
            "--disable-background-networking", "--disable-component-update", "--disable-sync", "--hide-scrollbars",
            "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1", $"--user-data-dir={_dir.Sub("chromium-" + Guid.NewGuid().ToString("N"))}",
            "--virtual-time-budget=8000",
        }.Concat(action).Append(page.ToString()))
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"chromium did not finish: {await stderr}");
        }

        Assert.True(process.ExitCode == 0, $"chromium exit {process.ExitCode}: {await stderr}");
        return await stdout;
    }
}
