using System.Runtime.CompilerServices;

namespace ReleaseGate.Policies.Tests;

internal static class RegexTimeout
{
    /// <summary>As the CLI does at start-up: bound every regular-expression match before any regex is built.</summary>
    [ModuleInitializer]
    internal static void Set() => AppContext.SetData("REGEX_DEFAULT_MATCH_TIMEOUT", TimeSpan.FromMilliseconds(200));
}
