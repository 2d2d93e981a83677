using ReleaseGate.Storage;

namespace ReleaseGate.Server.Lifecycle;

/// <summary>What registering a gate did.</summary>
/// <param name="Workflow">The workflow as it is now stored.</param>
/// <param name="Changed">Whether the gate differs from the workflow's previous one.</param>
/// <param name="Redecided">How many open releases were decided again under it.</param>
public sealed record GateRegistered(WorkflowRecord Workflow, bool Changed, int Redecided);
