using System.Text.Json;
using System.Text.Json.Serialization;

namespace Armvisor.Vmm.Network;

/// <summary>
/// A MAC address in JSON as the <c>--netdev ...,mac=</c> text ("52:54:00:12:34:56") and an unset one as null, so a
/// snapshot's configuration gives back exactly the device it saved (the default byte[] form wrote an unset MAC as "",
/// an empty address that a restore could not build a NIC from).
/// </summary>
public sealed class MacAddressJsonConverter : JsonConverter<byte[]?>
{
    public override bool HandleNull => true;

    public override byte[]? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        string text = reader.GetString() ?? throw new JsonException("a MAC address is a string");
        try
        {
            return NetworkConfiguration.Parse("user,mac=" + text).Mac;
        }
        catch (MachineConfigurationException e)
        {
            throw new JsonException($"'{text}' is not a MAC address", e);
        }
    }

    public override void Write(Utf8JsonWriter writer, byte[]? value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        if (value is null)
        {
            writer.WriteNullValue();
        }
        else
        {
            writer.WriteStringValue(NetworkConfiguration.FormatMac(value));
        }
    }
}
