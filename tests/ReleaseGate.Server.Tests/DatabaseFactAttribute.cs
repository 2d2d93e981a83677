using Xunit.Sdk;

namespace ReleaseGate.Server.Tests;

/// <summary>
/// A server test run on one database kind, chosen by its class (<see cref="ServerDatabase"/>). On a PostgreSQL class it is skipped
/// locally when no PostgreSQL is configured (<c>RELEASEGATE_TEST_POSTGRES</c>), but never when <c>CI=true</c>: there it runs and fails.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
[XunitTestCaseDiscoverer("ReleaseGate.Server.Tests.DatabaseFactDiscoverer", "ReleaseGate.Server.Tests")]
public sealed class DatabaseFactAttribute : FactAttribute;
