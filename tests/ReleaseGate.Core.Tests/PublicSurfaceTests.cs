using System.Reflection;
using System.Runtime.CompilerServices;
using ReleaseGate.Core.Decisions;
using Xunit;

namespace ReleaseGate.Core.Tests;

public class PublicSurfaceTests
{
    // Issue 17: other assemblies use Core through its public, documented API; only tests see its internals.
    [Fact]
    public void Core_opens_its_internals_to_test_assemblies_only()
    {
        var friends = typeof(GateEngine).Assembly.GetCustomAttributes<InternalsVisibleToAttribute>()
            .Select(a => a.AssemblyName)
            .ToArray();

        Assert.Contains("ReleaseGate.Core.Tests", friends);
        Assert.All(friends, name => Assert.EndsWith(".Tests", name, StringComparison.Ordinal));
    }
}
