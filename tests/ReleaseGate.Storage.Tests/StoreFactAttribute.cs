using Xunit;
using Xunit.Sdk;

namespace ReleaseGate.Storage.Tests;

/// <summary>
/// A contract test. On a PostgreSQL test class it is skipped locally when no PostgreSQL is configured
/// (<c>RELEASEGATE_TEST_POSTGRES</c>), but never when <c>CI=true</c>: there it runs and fails (NP's IgnoreExceptOnBuildServer).
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
[XunitTestCaseDiscoverer("ReleaseGate.Storage.Tests.StoreFactDiscoverer", "ReleaseGate.Storage.Tests")]
public sealed class StoreFactAttribute : FactAttribute;
