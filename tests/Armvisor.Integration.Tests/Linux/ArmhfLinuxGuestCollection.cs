namespace Armvisor.Integration.Tests.Linux;

/// <summary>The armhf Linux guest tests share one kit and run one after another.</summary>
[CollectionDefinition(Name)]
public sealed class ArmhfLinuxGuestCollection : ICollectionFixture<ArmhfGuestKitFixture>
{
    public const string Name = "Linux armhf guest";
}
