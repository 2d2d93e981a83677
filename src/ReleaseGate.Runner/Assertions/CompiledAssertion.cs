namespace ReleaseGate.Runner.Assertions;

/// <summary>One assertion, validated and prepared once when the suite loads, evaluated on each response.</summary>
/// <param name="type">The assertion type as written in the suite.</param>
/// <param name="weight">The weight in the case score.</param>
internal abstract class CompiledAssertion(string type, double weight)
{
    public string Type { get; } = type;

    public double Weight { get; } = weight;

    /// <summary>Whether evaluating needs a judge (only <c>llm-rubric</c>).</summary>
    public virtual bool NeedsJudge => false;

    /// <summary>Evaluates without a judge. Assertions that need one override <see cref="EvaluateAsync"/> instead.</summary>
    public abstract AssertionOutcome Evaluate(TargetResponse response);

    public virtual ValueTask<AssertionOutcome> EvaluateAsync(TargetResponse response, IJudge? judge, CancellationToken cancellationToken) =>
        ValueTask.FromResult(Evaluate(response));

    protected AssertionOutcome Passed(string reason) => new(Type, true, 1, reason);

    protected AssertionOutcome Failed(string reason) => new(Type, false, 0, reason);

    protected AssertionOutcome Outcome(bool pass, string reason) => pass ? Passed(reason) : Failed(reason);
}
