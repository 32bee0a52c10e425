namespace Armvisor.Devices.Registers;

/// <summary>
/// One named bit field of a <see cref="Register"/>, named after its TRM mnemonic. The device keeps the handle
/// (Renode's <c>IFlagRegisterField</c>) to read and update the field's stored value from its own logic.
/// </summary>
public sealed class RegisterField
{
    internal RegisterField(string name, int position, int width, FieldMode mode, ulong resetValue,
        Func<ulong>? valueProvider, Action<ulong>? onWrite)
    {
        Name = name;
        Position = position;
        Width = width;
        Mode = mode;
        ResetValue = resetValue & WidthMask;
        ValueProvider = valueProvider;
        OnWrite = onWrite;
        Value = ResetValue;
    }

    /// <summary>The TRM mnemonic.</summary>
    public string Name { get; }

    /// <summary>Least significant bit of the field in its register.</summary>
    public int Position { get; }

    /// <summary>Width in bits.</summary>
    public int Width { get; }

    public FieldMode Mode { get; }

    /// <summary>Stored value (right-aligned). Fields with a value provider read through the provider instead.</summary>
    public ulong Value { get; set; }

    /// <summary>The stored value as a flag (bit 0).</summary>
    public bool IsSet
    {
        get => (Value & 1) != 0;
        set => Value = value ? 1UL : 0UL;
    }

    internal ulong ResetValue { get; }

    internal Func<ulong>? ValueProvider { get; }

    internal Action<ulong>? OnWrite { get; }

    internal ulong WidthMask => Width == 64 ? ulong.MaxValue : (1UL << Width) - 1;

    internal ulong RegisterMask => WidthMask << Position;

    internal ulong ReadValue() => Mode == FieldMode.WriteOnly ? 0 : (ValueProvider?.Invoke() ?? Value) & WidthMask;

    internal void Write(ulong written)
    {
        switch (Mode)
        {
            case FieldMode.ReadWrite:
            case FieldMode.WriteOnly:
                Value = written;
                break;
            case FieldMode.WriteOneToClear:
                Value &= ~written;
                break;
            case FieldMode.WriteOneToSet:
                Value |= written;
                break;
            case FieldMode.ReadOnly:
                return;
        }

        OnWrite?.Invoke(written);
    }
}
