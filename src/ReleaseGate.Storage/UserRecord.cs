namespace ReleaseGate.Storage;

/// <summary>A person or machine account.</summary>
/// <param name="Name">The unique account name (the actor in ledger entries).</param>
/// <param name="DisplayName">A name for people to read.</param>
/// <param name="CreatedAt">When the account was created.</param>
public sealed record UserRecord(string Name, string DisplayName, DateTimeOffset CreatedAt);
