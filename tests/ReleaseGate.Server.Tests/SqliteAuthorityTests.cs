namespace ReleaseGate.Server.Tests;

/// <summary>The authority rules on the embedded SQLite store.</summary>
public sealed class SqliteAuthorityTests : AuthorityTests
{
    private protected override Task<string?> DatabaseAsync() => Task.FromResult<string?>(null);
}
