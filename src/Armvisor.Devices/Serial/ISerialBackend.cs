namespace Armvisor.Devices.Serial;

/// <summary>A host end of a guest serial port: takes the guest's output and delivers host input.</summary>
public interface ISerialBackend : ISerialSink, IDisposable
{
    /// <summary>Starts delivering host input to <paramref name="receive"/> (on a background thread).</summary>
    void Start(Action<byte> receive);
}
