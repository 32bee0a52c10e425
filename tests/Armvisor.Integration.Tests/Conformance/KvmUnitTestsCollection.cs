namespace Armvisor.Integration.Tests.Conformance;

/// <summary>kvm-unit-tests runs two emulators per test: not in parallel with the other integration tests.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class KvmUnitTestsCollection
{
    public const string Name = "kvm-unit-tests";
}
