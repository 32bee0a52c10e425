namespace Armvisor.Integration.Tests.Linux;

/// <summary>All Linux guest tests share one kit and run one after another (each boot wants the CPU to itself).</summary>
[CollectionDefinition(Name)]
public sealed class LinuxGuestCollection : ICollectionFixture<GuestKitFixture>
{
    public const string Name = "Linux guest";
}
