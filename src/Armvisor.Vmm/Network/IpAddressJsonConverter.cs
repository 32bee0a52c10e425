using System.Net;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Armvisor.Vmm.Network;

/// <summary>An IP address in JSON as its text ("127.0.0.1"), null when unset: <see cref="IPAddress"/> has no JSON form of its own.</summary>
public sealed class IpAddressJsonConverter : JsonConverter<IPAddress?>
{
    public override bool HandleNull => true;

    public override IPAddress? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        string? text = reader.GetString();
        return IPAddress.TryParse(text, out IPAddress? address) ? address : throw new JsonException($"'{text}' is not an IP address");
    }

    public override void Write(Utf8JsonWriter writer, IPAddress? value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        if (value is null)
        {
            writer.WriteNullValue();
        }
        else
        {
            writer.WriteStringValue(value.ToString());
        }
    }
}
