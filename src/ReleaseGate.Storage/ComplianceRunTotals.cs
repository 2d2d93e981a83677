namespace ReleaseGate.Storage;

/// <summary>What a compliance run counted, written when it ends (<see cref="IGateTransaction.FinishComplianceRunAsync"/>).</summary>
/// <param name="Releases">How many releases it checked.</param>
/// <param name="Policies">How many policies it evaluated.</param>
/// <param name="Violations">How many violations it saw.</param>
/// <param name="Opened">How many findings it opened.</param>
/// <param name="Resolved">How many findings it resolved.</param>
/// <param name="Error">Why it failed, if it did.</param>
public sealed record ComplianceRunTotals(int Releases, int Policies, int Violations, int Opened, int Resolved, string? Error);
