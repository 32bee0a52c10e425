namespace Armvisor.Integration.Tests.Linux;

/// <summary>The armhf LPAE Linux guest tests share one kit and run one after another.</summary>
[CollectionDefinition(Name)]
public sealed class ArmhfLpaeLinuxGuestCollection : ICollectionFixture<ArmhfLpaeGuestKitFixture>
{
    public const string Name = "Linux armhf LPAE guest";
}
