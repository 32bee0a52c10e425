using Armvisor.Arm64;

namespace Armvisor.Devices.Gic;

/// <summary>One row of <see cref="IccRegisterTable"/>: an ICC register, its Arm name, encoding and access directions.</summary>
/// <param name="Readable">MRS is allowed; otherwise the read is UNDEFINED.</param>
/// <param name="Writable">MSR is allowed; otherwise the write is UNDEFINED.</param>
public sealed record IccRegisterDescriptor(IccRegister Register, string Name, SystemRegisterEncoding Encoding, bool Readable, bool Writable);
