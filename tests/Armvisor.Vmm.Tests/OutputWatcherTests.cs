using System.Text;
using Armvisor.Devices.Serial;

namespace Armvisor.Vmm.Tests;

public class OutputWatcherTests
{
    private sealed class Sink : ISerialBackend
    {
        public List<byte> Bytes { get; } = [];

        public void Write(byte value) => Bytes.Add(value);

        public void Start(Action<byte> receive)
        {
        }

        public void Dispose()
        {
        }
    }

    private static (Sink Sink, Func<int> Matches) Feed(string pattern, string output)
    {
        var sink = new Sink();
        int matches = 0;
        var watcher = new OutputWatcher(sink, pattern, () => matches++);
        foreach (byte b in Encoding.UTF8.GetBytes(output))
        {
            watcher.Write(b);
        }

        return (sink, () => matches);
    }

    [Theory]
    [InlineData("END", "abc END x=1\n")]
    [InlineData("abab", "aabababx\n")] // the match starts inside an earlier partial match
    [InlineData("END", "E\nEN\nEND\n")]
    public void Write_LineContainingPattern_MatchesOnceAtEndOfLine(string pattern, string output)
    {
        (Sink sink, Func<int> matches) = Feed(pattern, output + output);

        Assert.Equal(1, matches());
        Assert.Equal(Encoding.UTF8.GetBytes(output + output), sink.Bytes);
    }

    [Fact]
    public void Write_PatternWithoutNewline_WaitsForTheLineToEnd()
    {
        Assert.Equal(0, Feed("END", "status END 0").Matches());
    }

    [Fact]
    public void Write_NoPattern_NeverMatches()
    {
        Assert.Equal(0, Feed("END", "EN D\nE N D\n").Matches());
    }
}
