namespace ReleaseGate.Runner.Execution;

/// <summary>How a run ended.</summary>
/// <param name="Planned">Executions the run planned (cases × repeats × targets).</param>
/// <param name="Written">Result lines written.</param>
/// <param name="Complete">Whether every planned execution has its line; false after a stop.</param>
/// <param name="Retries">Retries made over all targets.</param>
/// <param name="Slices">Per side and slice, the counts, the whole suite first (slice <c>(all)</c>).</param>
public sealed record RunReport(long Planned, long Written, bool Complete, long Retries, IReadOnlyList<SliceSummary> Slices);
