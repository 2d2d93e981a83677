using ReleaseGate.Runner.Targets;

namespace ReleaseGate.Runner.Execution;

/// <summary>One side of a run: the candidate, or the baseline run side by side on the same cases.</summary>
/// <param name="Side"><c>candidate</c> or <c>baseline</c>, as the results' <c>target</c> field says it.</param>
/// <param name="Target">The target that answers for this side.</param>
public sealed record RunSide(string Side, ITarget Target);
