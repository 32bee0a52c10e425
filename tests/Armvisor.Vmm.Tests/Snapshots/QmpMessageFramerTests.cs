using System.Text;
using Armvisor.Vmm.Control;

namespace Armvisor.Vmm.Tests.Snapshots;

/// <summary>QMP input is a stream of JSON values without delimiters: messages end where their outermost value closes.</summary>
public class QmpMessageFramerTests
{
    [Fact]
    public void Feed_MessagesSplitAndJoinedArbitrarily_YieldsEachWholeMessage()
    {
        const string input = "{\"execute\": \"stop\"}{\"execute\":\"human-monitor-command\",\"arguments\":{\"command-line\":\"info } \\\" {\"}}\n\r\n  {\"a\":[1,{\"b\":2}]}";
        var framer = new QmpMessageFramer();
        var messages = new List<string>();
        byte[] bytes = Encoding.UTF8.GetBytes(input);
        for (int i = 0; i < bytes.Length; i += 3)
        {
            messages.AddRange(framer.Feed(bytes.AsSpan(i, Math.Min(3, bytes.Length - i))).Select(m => Encoding.UTF8.GetString(m)));
        }

        Assert.Equal(
            ["{\"execute\": \"stop\"}", "{\"execute\":\"human-monitor-command\",\"arguments\":{\"command-line\":\"info } \\\" {\"}}", "{\"a\":[1,{\"b\":2}]}"],
            messages);
    }

    [Fact]
    public void Feed_StrayScalar_EndsAtTheLineBreak()
    {
        var framer = new QmpMessageFramer();
        List<byte[]> messages = framer.Feed(Encoding.UTF8.GetBytes("garbage\n{\"execute\":\"cont\"}"));
        Assert.Equal(["garbage", "{\"execute\":\"cont\"}"], messages.Select(m => Encoding.UTF8.GetString(m)));
    }
}
