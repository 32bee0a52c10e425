namespace Armvisor.Devices.Registers;

/// <summary>
/// The stored values of every declared field, in declaration order: because registers are data, a device's register
/// state is saved and restored without per-device code. Values computed by providers belong to the device's own state.
/// </summary>
public sealed partial class RegisterMap
{
    public void SaveState(BinaryWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.Write(_registers.Count);
        foreach (Register register in _registers)
        {
            writer.Write(register.Fields.Count);
            foreach (RegisterField field in register.Fields)
            {
                writer.Write(field.Value);
            }
        }
    }

    public void RestoreState(BinaryReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        if (reader.ReadInt32() != _registers.Count)
        {
            throw new InvalidDataException($"{Log.DeviceName}: the saved register count does not match the device's");
        }

        foreach (Register register in _registers)
        {
            if (reader.ReadInt32() != register.Fields.Count)
            {
                throw new InvalidDataException($"{Log.DeviceName}: the saved fields of {register.Name} do not match the device's");
            }

            foreach (RegisterField field in register.Fields)
            {
                field.Value = reader.ReadUInt64() & field.WidthMask;
            }
        }
    }
}
