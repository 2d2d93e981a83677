namespace ReleaseGate.Core.Decisions;

/// <summary>The waiver that excused a failing check.</summary>
/// <param name="Pattern">The waiver's check pattern.</param>
/// <param name="Reason">Why it was granted.</param>
/// <param name="GrantedBy">Who granted it.</param>
/// <param name="Expires">When it stops applying.</param>
public sealed record AppliedWaiver(string Pattern, string Reason, string GrantedBy, DateTimeOffset Expires);
