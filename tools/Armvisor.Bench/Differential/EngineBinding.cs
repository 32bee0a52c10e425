namespace Armvisor.Bench.Differential;

/// <summary>The engine's encoding table seen as a generator catalog.</summary>
public static class EngineBinding
{
    public static IEncodingCatalog Catalog => throw new PlatformNotSupportedException("engine table not merged yet");
}
