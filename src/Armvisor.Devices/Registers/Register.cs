namespace Armvisor.Devices.Registers;

/// <summary>
/// One device register declared as data: its offset, width, reset value and every field. Bits not covered by a
/// field are reserved: RAZ/WI. Build it through <see cref="RegisterMap.Define"/>.
/// </summary>
public sealed class Register : IRegisterBlock
{
    private readonly List<RegisterField> _fields = [];
    private readonly GuestAccessLog _log;
    private Func<ulong>? _readProvider;
    private Action? _afterWrite;
    private ulong _unimplementedMask;

    internal Register(string name, ulong offset, int size, GuestAccessLog log)
    {
        Name = name;
        Offset = offset;
        UnitSize = size;
        _log = log;
    }

    /// <summary>The TRM mnemonic.</summary>
    public string Name { get; }

    public ulong Offset { get; }

    ulong IRegisterBlock.Length => (ulong)UnitSize;

    /// <summary>Width in bytes (4 or 8).</summary>
    public int UnitSize { get; }

    /// <summary>The declared fields.</summary>
    public IReadOnlyList<RegisterField> Fields => _fields;

    /// <summary>Reads the whole register as the guest would see it.</summary>
    public ulong Value => ((IRegisterBlock)this).ReadUnit(0);

    /// <summary>A read/write field of <paramref name="width"/> bits at <paramref name="position"/>.</summary>
    public Register WithField(int position, int width, string name, out RegisterField field, FieldMode mode = FieldMode.ReadWrite,
        ulong reset = 0, Func<ulong>? valueProvider = null, Action<ulong>? onWrite = null)
    {
        field = AddField(name, position, width, mode, reset, valueProvider, onWrite);
        return this;
    }

    /// <summary>A field whose handle the device does not need.</summary>
    public Register WithField(int position, int width, string name, FieldMode mode = FieldMode.ReadWrite,
        ulong reset = 0, Func<ulong>? valueProvider = null, Action<ulong>? onWrite = null)
    {
        AddField(name, position, width, mode, reset, valueProvider, onWrite);
        return this;
    }

    /// <summary>A one-bit field.</summary>
    public Register WithFlag(int bit, string name, out RegisterField flag, FieldMode mode = FieldMode.ReadWrite,
        bool reset = false, Func<bool>? valueProvider = null, Action<bool>? onWrite = null)
    {
        flag = AddField(name, bit, 1, mode, reset ? 1UL : 0UL,
            valueProvider is null ? null : () => valueProvider() ? 1UL : 0UL,
            onWrite is null ? null : v => onWrite(v != 0));
        return this;
    }

    /// <summary>A one-bit field whose handle the device does not need.</summary>
    public Register WithFlag(int bit, string name, FieldMode mode = FieldMode.ReadWrite, bool reset = false,
        Func<bool>? valueProvider = null, Action<bool>? onWrite = null) =>
        WithFlag(bit, name, out _, mode, reset, valueProvider, onWrite);

    /// <summary>
    /// Bits the TRM defines but this model does not implement (Renode's "tagged" bits): RAZ/WI, and a write of a
    /// non-zero value is logged.
    /// </summary>
    public Register WithUnimplemented(int position, int width, string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        _unimplementedMask |= MaskOf(position, width);
        return this;
    }

    /// <summary>Reserved bits (RES0): RAZ/WI. Declared so every bit is accounted for.</summary>
    public Register WithReserved(int position, int width)
    {
        _ = MaskOf(position, width);
        return this;
    }

    /// <summary>Replaces the field-built read value with <paramref name="provider"/> (registers whose value is computed whole).</summary>
    public Register WithReadProvider(Func<ulong> provider)
    {
        _readProvider = provider;
        return this;
    }

    /// <summary>Runs <paramref name="callback"/> after every write, once the fields are updated (e.g. to re-evaluate an interrupt).</summary>
    public Register AfterWrite(Action callback)
    {
        _afterWrite += callback;
        return this;
    }

    internal void Reset()
    {
        foreach (var field in _fields)
        {
            field.Value = field.ResetValue;
        }
    }

    ulong IRegisterBlock.ReadUnit(ulong unitOffset)
    {
        if (_readProvider is not null)
        {
            return _readProvider();
        }

        ulong value = 0;
        foreach (var field in _fields)
        {
            value |= field.ReadValue() << field.Position;
        }

        return value;
    }

    void IRegisterBlock.WriteUnit(ulong unitOffset, ulong value, ulong bitMask)
    {
        foreach (var field in _fields)
        {
            ulong fieldMask = field.RegisterMask;
            if ((fieldMask & bitMask) == 0)
            {
                continue;
            }

            ulong written = value & bitMask;
            if ((fieldMask & ~bitMask) != 0 && field.Mode is FieldMode.ReadWrite)
            {
                // A narrower access covering part of a field keeps the field's current value in the uncovered bits.
                written |= (field.ReadValue() << field.Position) & ~bitMask;
            }

            field.Write((written & fieldMask) >> field.Position);
        }

        if ((value & bitMask & _unimplementedMask) != 0)
        {
            _log.GuestError($"{Name}: write of 0x{value & bitMask & _unimplementedMask:X} to unimplemented bits");
        }

        _afterWrite?.Invoke();
    }

    private RegisterField AddField(string name, int position, int width, FieldMode mode, ulong reset,
        Func<ulong>? valueProvider, Action<ulong>? onWrite)
    {
        ulong mask = MaskOf(position, width);
        foreach (var existing in _fields)
        {
            if ((existing.RegisterMask & mask) != 0)
            {
                throw new ArgumentException($"{Name}.{name} overlaps field {existing.Name}", nameof(position));
            }
        }

        var field = new RegisterField(name, position, width, mode, reset, valueProvider, onWrite);
        _fields.Add(field);
        return field;
    }

    private ulong MaskOf(int position, int width)
    {
        if (width <= 0 || position < 0 || position + width > UnitSize * 8)
        {
            throw new ArgumentOutOfRangeException(nameof(width), $"{Name}: bits [{position + width - 1}:{position}] do not fit a {UnitSize * 8}-bit register");
        }

        return (width == 64 ? ulong.MaxValue : (1UL << width) - 1) << position;
    }
}
