namespace Armvisor.Engine.Tests.Support;

/// <summary>
/// A seed derived from a name that is the same in every process (FNV-1a over the UTF-16 code units).
/// <see cref="string.GetHashCode()"/> is randomised per process, so a test seeded by it draws other cases on every
/// run, and a theory whose data it picks is a different list of tests each time it is discovered.
/// </summary>
public static class StableSeed
{
    public static int Of(string name)
    {
        uint hash = 2166136261;
        foreach (char c in name)
        {
            hash = (hash ^ c) * 16777619;
        }

        return (int)hash;
    }
}
