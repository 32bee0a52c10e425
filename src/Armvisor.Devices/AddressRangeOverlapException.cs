using Armvisor.Memory;

namespace Armvisor.Devices;

/// <summary>A device was mapped over a range that another device already occupies: a machine configuration error.</summary>
public sealed class AddressRangeOverlapException : Exception
{
    public AddressRangeOverlapException(AddressRange requested, AddressRange existing)
        : base($"MMIO range {requested} overlaps the device already mapped at {existing}")
    {
        Requested = requested;
        Existing = existing;
    }

    public AddressRangeOverlapException() { }

    public AddressRangeOverlapException(string message) : base(message) { }

    public AddressRangeOverlapException(string message, Exception innerException) : base(message, innerException) { }

    /// <summary>The range that could not be mapped.</summary>
    public AddressRange Requested { get; }

    /// <summary>The range already mapped that it overlaps.</summary>
    public AddressRange Existing { get; }
}
