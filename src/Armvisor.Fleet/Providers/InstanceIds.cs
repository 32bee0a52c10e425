using System.Security.Cryptography;
using System.Text;

namespace Armvisor.Fleet.Providers;

/// <summary>EC2-shaped instance ids (i- and 17 hex digits), derived from fleet and host so allocation is idempotent.</summary>
public static class InstanceIds
{
    public static string For(string fleet, string hostId) =>
        "i-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(fleet + "/" + hostId)))[..17];
}
