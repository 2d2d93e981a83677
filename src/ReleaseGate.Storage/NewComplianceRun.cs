namespace ReleaseGate.Storage;

/// <summary>A compliance run to start (<see cref="IGateTransaction.StartComplianceRunAsync"/>).</summary>
/// <param name="Workflow">The workflow whose shipped releases it checks.</param>
/// <param name="ScheduledFor">The time the schedule named (for a manual run, when it was asked for): a scheduled run happens once per workflow and time.</param>
/// <param name="Trigger"><c>schedule</c> or <c>manual</c>.</param>
/// <param name="Instance">The server instance running it.</param>
/// <param name="Actor">Who started it (the scheduler's name for a scheduled run).</param>
public sealed record NewComplianceRun(string Workflow, DateTimeOffset ScheduledFor, string Trigger, string Instance, string Actor);
