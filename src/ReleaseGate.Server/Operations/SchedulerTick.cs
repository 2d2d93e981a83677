using ReleaseGate.Storage;

namespace ReleaseGate.Server.Operations;

/// <summary>What one scheduler tick did.</summary>
/// <param name="Runs">The compliance runs it recorded.</param>
/// <param name="Escalations">The escalations it recorded.</param>
/// <param name="Redecided">How many releases it decided again because a waiver they counted expired.</param>
public sealed record SchedulerTick(IReadOnlyList<ComplianceRunRecord> Runs, IReadOnlyList<EscalationRecord> Escalations, int Redecided);
