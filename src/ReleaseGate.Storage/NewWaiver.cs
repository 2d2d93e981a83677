namespace ReleaseGate.Storage;

/// <summary>A waiver to grant: a time-boxed, justified exception to a failing check.</summary>
/// <param name="Workflow">The workflow it applies to.</param>
/// <param name="Check">A check id or a glob over ids.</param>
/// <param name="Release">A release version or digest it is limited to, or null for any release of the workflow.</param>
/// <param name="Reason">Why.</param>
/// <param name="GrantedBy">Who granted it.</param>
/// <param name="Expires">When it stops applying.</param>
public sealed record NewWaiver(string Workflow, string Check, string? Release, string Reason, string GrantedBy, DateTimeOffset Expires);
