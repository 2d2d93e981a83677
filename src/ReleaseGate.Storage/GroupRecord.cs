namespace ReleaseGate.Storage;

/// <summary>A group of users (a reviewer group, an approval group).</summary>
/// <param name="Name">The unique group name as gates refer to it.</param>
/// <param name="Description">What it is for.</param>
/// <param name="CreatedAt">When it was created.</param>
public sealed record GroupRecord(string Name, string Description, DateTimeOffset CreatedAt);
