namespace ReleaseGate.Core.Compliance;

/// <summary>The regression bank of the workflow, as a compliance rule sees it (<c>bank</c>).</summary>
/// <param name="Active">How many cases of the bank are active now.</param>
/// <param name="AddedSinceShip">How many cases were added to the bank since the release shipped.</param>
public sealed record ComplianceBank(long Active, long AddedSinceShip);
