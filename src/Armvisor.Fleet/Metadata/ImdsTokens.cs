using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Armvisor.Fleet.Metadata;

/// <summary>
/// IMDSv2 session tokens: stateless, so there is "no practical limit on the number of concurrent tokens"
/// (provisioning.md §1.1). A token is <c>base64url(instance id, expiry, nonce) . base64url(HMAC-SHA256)</c> under a
/// per-service key; it names the instance it was issued to, and the service refuses it from any other instance.
/// </summary>
public sealed class ImdsTokens
{
    public const int MinTtlSeconds = 1;
    public const int MaxTtlSeconds = 21600;

    private readonly byte[] _key;
    private readonly TimeProvider _time;

    public ImdsTokens(byte[] key, TimeProvider? time = null)
    {
        if (key.Length < 32)
        {
            throw new ArgumentException("token key must be at least 256 bits", nameof(key));
        }

        _key = key;
        _time = time ?? TimeProvider.System;
    }

    public string Issue(string instanceId, int ttlSeconds)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(ttlSeconds, MinTtlSeconds);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(ttlSeconds, MaxTtlSeconds);
        long expiry = _time.GetUtcNow().ToUnixTimeMilliseconds() + ttlSeconds * 1000L;
        byte[] id = Encoding.UTF8.GetBytes(instanceId);
        byte[] payload = new byte[8 + 16 + id.Length];
        BinaryPrimitives.WriteInt64LittleEndian(payload, expiry);
        RandomNumberGenerator.Fill(payload.AsSpan(8, 16));
        id.CopyTo(payload, 24);
        byte[] mac = HMACSHA256.HashData(_key, payload);
        return $"{Base64Url(payload)}.{Base64Url(mac)}";
    }

    /// <summary>Returns the instance id the token was issued to, or null when it is malformed, forged or expired.</summary>
    public string? Validate(string? token)
    {
        if (string.IsNullOrEmpty(token) || token.Length > 512)
        {
            return null;
        }

        int dot = token.IndexOf('.', StringComparison.Ordinal);
        if (dot <= 0 || !TryDecode(token[..dot], out var payload) || !TryDecode(token[(dot + 1)..], out var mac) || payload.Length < 24)
        {
            return null;
        }

        if (!CryptographicOperations.FixedTimeEquals(mac, HMACSHA256.HashData(_key, payload)))
        {
            return null;
        }

        long expiry = BinaryPrimitives.ReadInt64LittleEndian(payload);
        if (_time.GetUtcNow().ToUnixTimeMilliseconds() >= expiry)
        {
            return null;
        }

        return Encoding.UTF8.GetString(payload, 24, payload.Length - 24);
    }

    private static string Base64Url(byte[] data) => Convert.ToBase64String(data).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static bool TryDecode(string s, out byte[] data)
    {
        string b64 = s.Replace('-', '+').Replace('_', '/');
        b64 += (b64.Length % 4) switch { 2 => "==", 3 => "=", _ => string.Empty };
        try
        {
            data = Convert.FromBase64String(b64);
            return true;
        }
        catch (FormatException)
        {
            data = [];
            return false;
        }
    }
}
