namespace Armvisor.Vmm.LinuxKit;

/// <summary>A loadable module file and what its .modinfo says.</summary>
public sealed record KernelModule(string Path, KernelModuleInfo Info)
{
    public string Name => Info.Name;
}
