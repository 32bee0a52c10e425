using System.Buffers.Binary;
using Armvisor.Arm64;
using Armvisor.Devices.Virtio;
using Armvisor.Devices.Virtio.Net;

namespace Armvisor.Devices.Tests.Virtio;

public class VirtioNetTests
{
    private const ulong Features = VirtioFeature.Version1 | VirtioNetFeature.Mac | VirtioNetFeature.Status
        | VirtioNetFeature.MergeableReceiveBuffers | VirtioNetFeature.Checksum;

    private static readonly byte[] s_mac = [0x52, 0x54, 0x00, 0x12, 0x34, 0x56];

    private readonly RecordingBackend _backend = new();

    [Fact]
    public void Config_MacAndStatus_ReadsMacAndLinkUp()
    {
        var driver = new VirtioTestDriver(new VirtioNet(_backend, s_mac));

        Assert.Equal((ulong)VirtioDeviceType.Network, driver.Read(0x008));
        Assert.Equal(0x12_00_54_52UL, driver.Transport.Read(0x100, AccessSize.Word));
        Assert.Equal(0x5634UL, driver.Transport.Read(0x104, AccessSize.Halfword));
        Assert.Equal(1UL, driver.Transport.Read(0x106, AccessSize.Halfword));
        Assert.Equal(Features | VirtioFeature.RingIndirectDescriptors | VirtioFeature.RingEventIndex, driver.ReadFeatures());
    }

    [Fact]
    public void Transmit_HeaderAndFrameInTwoBuffers_BackendGetsFrameOnly()
    {
        var driver = Transmitting();
        byte[] frame = Enumerable.Range(0, 60).Select(i => (byte)i).ToArray();
        ulong header = driver.Buffer(new byte[VirtioNetHeader.Size]);
        ulong data = driver.Buffer(frame);

        driver.Submit((header, VirtioNetHeader.Size, false), (data, 60, false));
        driver.Notify();

        Assert.Equal(frame, Assert.Single(_backend.Sent));
        Assert.Equal(1, driver.UsedIndex);
    }

    [Fact]
    public void Transmit_NeedsChecksum_StoresTheUdpChecksumTheHostComputes()
    {
        var driver = Transmitting();

        ushort expected = TransmitPartialChecksumUdp(driver);

        Assert.Equal(expected, BinaryPrimitives.ReadUInt16BigEndian(Assert.Single(_backend.Sent).AsSpan(14 + 20 + 6)));
    }

    [Fact]
    public void Transmit_NeedsChecksumOutsideFrame_DropsFrameOnly()
    {
        var driver = Transmitting();
        var header = new byte[VirtioNetHeader.Size];
        new VirtioNetHeader(VirtioNetHeader.FlagNeedsChecksum, 0, 0, 0, 50, 20, 0).Write(header);

        driver.Submit((driver.Buffer([.. header, .. new byte[60]]), VirtioNetHeader.Size + 60, false));
        driver.Notify();

        Assert.Empty(_backend.Sent);
        Assert.Equal(1, driver.UsedIndex);
        Assert.Equal(0UL, driver.Read(0x70) & 0x40);
    }

    [Fact]
    public void Transmit_DeviceWritableBuffer_SetsDeviceNeedsReset()
    {
        var driver = Transmitting();
        driver.Submit((driver.Buffer(new byte[80]), 80, true));
        driver.Notify();

        Assert.Empty(_backend.Sent);
        Assert.Equal(0x40UL, driver.Read(0x70) & 0x40);
        Assert.True(driver.Interrupt.Level);
    }

    [Fact]
    public void Transmit_OversizedFrame_SetsDeviceNeedsReset()
    {
        var driver = Transmitting();
        ulong big = driver.Buffer([], 70_000);
        driver.Submit((big, 70_000, false));
        driver.Notify();

        Assert.Empty(_backend.Sent);
        Assert.Equal(0x40UL, driver.Read(0x70) & 0x40);
    }

    [Fact]
    public void Receive_FrameLargerThanOneBuffer_SpansBuffersWithNumBuffers()
    {
        var net = new VirtioNet(_backend, s_mac);
        var driver = new VirtioTestDriver(net);
        driver.Initialise(Features);
        ulong first = driver.Buffer([], 1000);
        ulong second = driver.Buffer([], 1000);
        driver.Submit((first, 1000, true));
        driver.Submit((second, 1000, true));
        driver.Notify();
        byte[] frame = Enumerable.Range(0, 1500).Select(i => (byte)(i * 7)).ToArray();

        Assert.True(_backend.Deliver!(frame));

        Assert.Equal(2, driver.UsedIndex);
        Assert.Equal(1000u, driver.UsedElement(0).Length);
        Assert.Equal((uint)(VirtioNetHeader.Size + 1500 - 1000), driver.UsedElement(1).Length);
        Assert.Equal(2, VirtioNetHeader.Read(driver.BytesAt(first, VirtioNetHeader.Size)).BufferCount);
        Assert.Equal(frame, (byte[])[.. driver.BytesAt(first + VirtioNetHeader.Size, 1000 - VirtioNetHeader.Size), .. driver.BytesAt(second, 1500 - 988)]);
        Assert.True(driver.Interrupt.Level);
    }

    [Fact]
    public void Receive_NotEnoughBuffers_KeepsFrameAndBuffersUntilMoreArePosted()
    {
        var net = new VirtioNet(_backend, s_mac);
        var driver = new VirtioTestDriver(net);
        driver.Initialise(Features);
        ulong first = driver.Buffer([], 1000);
        driver.Submit((first, 1000, true));
        driver.Notify();

        _backend.Deliver!(new byte[1500]);
        Assert.Equal(0, driver.UsedIndex);
        Assert.Equal(1, net.BacklogCount);

        driver.Submit((driver.Buffer([], 1000), 1000, true));
        driver.Notify();

        Assert.Equal(2, driver.UsedIndex);
        Assert.Equal(0, net.BacklogCount);
    }

    [Fact]
    public void Transmit_ChainShorterThanTheHeader_SetsDeviceNeedsReset()
    {
        var driver = Transmitting();
        driver.Submit((driver.Buffer(new byte[4]), 4, false));
        driver.Notify();

        Assert.Empty(_backend.Sent);
        Assert.Equal(0x40UL, driver.Read(0x70) & 0x40);
    }

    [Fact]
    public void Transmit_BufferOutsideGuestRam_SetsDeviceNeedsResetWithoutThrowing()
    {
        var driver = Transmitting();
        driver.Submit((0xFFFF_0000_0000UL, VirtioNetHeader.Size + 60, false));
        driver.Notify();

        Assert.Empty(_backend.Sent);
        Assert.Equal(0x40UL, driver.Read(0x70) & 0x40);
    }

    [Fact]
    public void Receive_MergeableBufferShorterThanTheHeader_SetsDeviceNeedsReset()
    {
        var driver = new VirtioTestDriver(new VirtioNet(_backend, s_mac));
        driver.Initialise(Features);
        driver.Submit((driver.Buffer([], 8), 8, true));
        driver.Notify();

        _backend.Deliver!(new byte[100]);

        Assert.Equal(0, driver.UsedIndex);
        Assert.Equal(0x40UL, driver.Read(0x70) & 0x40);
    }

    [Fact]
    public void Receive_DeviceReadableBuffer_SetsDeviceNeedsReset()
    {
        var driver = new VirtioTestDriver(new VirtioNet(_backend, s_mac));
        driver.Initialise(Features);
        driver.Submit((driver.Buffer([], 2000), 2000, false));
        driver.Notify();

        _backend.Deliver!(new byte[100]);

        Assert.Equal(0, driver.UsedIndex);
        Assert.Equal(0x40UL, driver.Read(0x70) & 0x40);
    }

    [Fact]
    public void Receive_WithoutMergeableBuffers_FrameTooBigForTheBufferIsDropped()
    {
        var net = new VirtioNet(_backend, s_mac);
        var driver = new VirtioTestDriver(net);
        driver.Initialise(VirtioFeature.Version1 | VirtioNetFeature.Mac);
        driver.Submit((driver.Buffer([], 600), 600, true));
        driver.Notify();

        _backend.Deliver!(new byte[1500]);
        _backend.Deliver!(new byte[500]);

        Assert.Equal(1, net.DroppedReceiveFrames);
        Assert.Equal(1, driver.UsedIndex);
        Assert.Equal((uint)(VirtioNetHeader.Size + 500), driver.UsedElement(0).Length);
    }

    [Fact]
    public void RestoreState_DriverNegotiatedChecksum_RestoredDeviceCompletesPartialChecksums()
    {
        var driver = Transmitting();
        using var saved = new MemoryStream();
        driver.Transport.SaveState(new BinaryWriter(saved));
        driver.Transport.Reset();   // the device forgets the negotiated features, as a new process's device has them
        saved.Position = 0;

        driver.Transport.RestoreState(new BinaryReader(saved));
        ushort expected = TransmitPartialChecksumUdp(driver);

        Assert.Equal(expected, BinaryPrimitives.ReadUInt16BigEndian(Assert.Single(_backend.Sent).AsSpan(14 + 20 + 6)));
    }

    [Fact]
    public void HoldHostInput_FrameArrivesWhileHeld_WaitsInTheBacklogUntilReleased()
    {
        var net = new VirtioNet(_backend, s_mac);
        var driver = new VirtioTestDriver(net);
        driver.Initialise(Features);
        driver.Submit((driver.Buffer([], 2000), 2000, true));
        driver.Notify();
        driver.Transport.HoldHostInput(true);

        Assert.True(_backend.Deliver!(new byte[100]));
        Assert.Equal(0, driver.UsedIndex);
        Assert.Equal(1, net.BacklogCount);
        Assert.False(driver.Interrupt.Level);

        driver.Transport.HoldHostInput(false);

        Assert.Equal(1, driver.UsedIndex);
        Assert.Equal(0, net.BacklogCount);
        Assert.True(driver.Interrupt.Level);
    }

    /// <summary>Transmits <see cref="UdpFrame"/> with NEEDS_CSUM; returns the checksum the host must store.</summary>
    private static ushort TransmitPartialChecksumUdp(VirtioTestDriver driver)
    {
        byte[] frame = UdpFrame(out ushort expected);
        // The driver leaves the pseudo-header sum in the checksum field, as Linux does for CHECKSUM_PARTIAL.
        BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(14 + 20 + 6), InternetChecksum.Fold(PseudoHeaderSum(frame)));
        var header = new byte[VirtioNetHeader.Size];
        new VirtioNetHeader(VirtioNetHeader.FlagNeedsChecksum, 0, 0, 0, 14 + 20, 6, 0).Write(header);
        driver.Submit((driver.Buffer([.. header, .. frame]), (uint)(header.Length + frame.Length), false));
        driver.Notify();
        return expected;
    }

    private VirtioTestDriver Transmitting()
    {
        var driver = new VirtioTestDriver(new VirtioNet(_backend, s_mac));
        driver.Initialise(Features, queue: 1);
        return driver;
    }

    /// <summary>An Ethernet/IPv4/UDP frame 10.0.2.15:5000 → 10.0.2.2:53 with 11 bytes of payload, and its correct UDP checksum.</summary>
    private static byte[] UdpFrame(out ushort checksum)
    {
        byte[] payload = "hello world"u8.ToArray();
        var frame = new byte[14 + 20 + 8 + payload.Length];
        frame[12] = 0x08;
        Span<byte> ip = frame.AsSpan(14, 20);
        ip[0] = 0x45;
        BinaryPrimitives.WriteUInt16BigEndian(ip[2..], (ushort)(20 + 8 + payload.Length));
        ip[8] = 64;
        ip[9] = 17;
        byte[] source = [10, 0, 2, 15], destination = [10, 0, 2, 2];
        source.CopyTo(ip[12..]);
        destination.CopyTo(ip[16..]);
        Span<byte> udp = frame.AsSpan(34);
        BinaryPrimitives.WriteUInt16BigEndian(udp, 5000);
        BinaryPrimitives.WriteUInt16BigEndian(udp[2..], 53);
        BinaryPrimitives.WriteUInt16BigEndian(udp[4..], (ushort)(8 + payload.Length));
        payload.CopyTo(udp[8..]);
        // RFC 768: the complement of the one's complement sum of the pseudo header and the UDP datagram.
        checksum = (ushort)~InternetChecksum.Fold(PseudoHeaderSum(frame) + InternetChecksum.Sum(udp));
        return frame;
    }

    private static ulong PseudoHeaderSum(byte[] frame) =>
        InternetChecksum.Sum(frame.AsSpan(14 + 12, 8)) + 17 + (ulong)(frame.Length - 34);

    private sealed class RecordingBackend : INetworkBackend
    {
        public List<byte[]> Sent { get; } = [];

        public Func<byte[], bool>? Deliver { get; private set; }

        public void Start(Func<byte[], bool> deliver) => Deliver = deliver;

        public void Send(ReadOnlySpan<byte> frame) => Sent.Add(frame.ToArray());

        public void Dispose()
        {
        }
    }
}
