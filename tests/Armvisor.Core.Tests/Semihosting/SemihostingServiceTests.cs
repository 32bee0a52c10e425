using System.Buffers.Binary;
using System.Text;
using Armvisor.Core.Semihosting;
using Microsoft.Extensions.Logging.Abstractions;

namespace Armvisor.Core.Tests.Semihosting;

/// <summary>The semihosting operations (IHI0098 §6) with their parameter blocks in a flat guest memory.</summary>
public sealed class SemihostingServiceTests : IDisposable
{
    private const ulong Block = 0x100;
    private const ulong Text = 0x200;
    private const ulong Buffer = 0x400;

    private readonly FlatMemory _memory = new(0x1000);
    private readonly Console _console = new();
    private readonly string _root = Directory.CreateTempSubdirectory("armvisor-semihost-").FullName;
    private readonly SemihostingService _service;

    public SemihostingServiceTests()
    {
        _service = new SemihostingService(_console, new SemihostingSandbox(_root), NullLogger.Instance);
    }

    [Fact]
    public void Write0_WritesTheStringToTheConsole()
    {
        _memory.WriteString(Text, "hello\0ignored");

        _service.Call(0x04, Text, _memory);

        Assert.Equal("hello", _console.Text);
    }

    [Fact]
    public void Exit_ApplicationExit_GivesTheSubcode_OtherReasonsGiveOne()
    {
        _memory.WriteWords(Block, 0x20026, 42);
        Assert.Equal(42, _service.Call(0x18, Block, _memory).ExitStatus);
        Assert.Equal(7, _service.Call(0x20, Block, _memory.WriteWords(Block, 0x20026, 7)).ExitStatus);
        Assert.Equal(1, _service.Call(0x18, Block, _memory.WriteWords(Block, 0x20023, 0)).ExitStatus);
    }

    [Fact]
    public void OpenReadSeekLengthClose_FileInTheRoot()
    {
        File.WriteAllText(Path.Combine(_root, "in.txt"), "abcdefgh");
        long handle = Open("in.txt", mode: 1);
        Assert.True(handle > 0);

        Assert.Equal(8UL, _service.Call(0x0C, Block, _memory.WriteWords(Block, (ulong)handle)).Value);
        Assert.Equal(0UL, _service.Call(0x0A, Block, _memory.WriteWords(Block, (ulong)handle, 2)).Value);
        Assert.Equal(4UL, _service.Call(0x06, Block, _memory.WriteWords(Block, (ulong)handle, Buffer, 10)).Value);
        Assert.Equal("cdefgh", _memory.ReadString(Buffer, 6));
        Assert.Equal(0UL, _service.Call(0x02, Block, _memory.WriteWords(Block, (ulong)handle)).Value);
        Assert.Equal(ulong.MaxValue, _service.Call(0x0C, Block, _memory.WriteWords(Block, (ulong)handle)).Value);
    }

    [Fact]
    public void Read_ReturnsTheBytesNotRead()
    {
        File.WriteAllText(Path.Combine(_root, "in.txt"), "abcdefgh");
        long handle = Open("in.txt", mode: 0);

        ulong notRead = _service.Call(0x06, Block, _memory.WriteWords(Block, (ulong)handle, Buffer, 10)).Value;

        Assert.Equal(2UL, notRead);
        Assert.Equal("abcdefgh", _memory.ReadString(Buffer, 8));
    }

    [Fact]
    public void Open_OutsideTheRoot_FailsWithErrno()
    {
        Assert.Equal(-1, Open("../x.txt", mode: 4));
        Assert.Equal(13UL, _service.Call(0x13, 0, _memory).Value);
        Assert.False(File.Exists(Path.Combine(Path.GetDirectoryName(_root)!, "x.txt")));
    }

    [Fact]
    public void Close_UnknownHandle_Fails()
    {
        Assert.Equal(ulong.MaxValue, _service.Call(0x02, Block, _memory.WriteWords(Block, 99)).Value);
    }

    [Fact]
    public void ParameterBlock_Unmapped_FailsWithoutThrowing()
    {
        Assert.Equal(ulong.MaxValue, _service.Call(0x01, 0xFFFF_0000, _memory).Value);
        Assert.Equal(1, _service.Call(0x18, 0xFFFF_0000, _memory).ExitStatus);
    }

    public void Dispose()
    {
        _service.Dispose();
        Directory.Delete(_root, recursive: true);
    }

    private long Open(string name, ulong mode)
    {
        _memory.WriteString(Text, name);
        return (long)_service.Call(0x01, Block, _memory.WriteWords(Block, Text, mode, (ulong)name.Length)).Value;
    }

    private sealed class Console : ISemihostingConsole
    {
        private readonly StringBuilder _text = new();

        public string Text => _text.ToString();

        public void Write(ReadOnlySpan<byte> data) => _text.Append(Encoding.UTF8.GetString(data));

        public int Read(Span<byte> buffer) => 0;
    }

    private sealed class FlatMemory(int size) : ISemihostingMemory
    {
        private readonly byte[] _bytes = new byte[size];

        public int Read(ulong address, Span<byte> buffer)
        {
            if (address >= (ulong)_bytes.Length)
            {
                return 0;
            }

            int n = (int)Math.Min((ulong)buffer.Length, (ulong)_bytes.Length - address);
            _bytes.AsSpan((int)address, n).CopyTo(buffer);
            return n;
        }

        public int Write(ulong address, ReadOnlySpan<byte> data)
        {
            if (address >= (ulong)_bytes.Length)
            {
                return 0;
            }

            int n = (int)Math.Min((ulong)data.Length, (ulong)_bytes.Length - address);
            data[..n].CopyTo(_bytes.AsSpan((int)address));
            return n;
        }

        public FlatMemory WriteWords(ulong address, params ulong[] words)
        {
            for (int i = 0; i < words.Length; i++)
            {
                BinaryPrimitives.WriteUInt64LittleEndian(_bytes.AsSpan((int)address + (i * 8)), words[i]);
            }

            return this;
        }

        public void WriteString(ulong address, string text) => Encoding.UTF8.GetBytes(text + "\0").CopyTo(_bytes, (int)address);

        public string ReadString(ulong address, int length) => Encoding.UTF8.GetString(_bytes, (int)address, length);
    }
}
