namespace ReleaseGate.Runner.Assertions;

/// <summary>
/// <c>llm-rubric</c>: a judge grades the output against the rubric. As in promptfoo, the assertion passes when the judge
/// says pass and, with a threshold, its score reaches the threshold; the score is the judge's. The judge's reasoning is
/// kept in the reason. A score outside [0, 1] fails: a judge that answers nonsense is not a pass.
/// </summary>
internal sealed class RubricAssertion(string type, double weight, string rubric, double? threshold) : CompiledAssertion(type, weight)
{
    public override bool NeedsJudge => true;

    public override AssertionOutcome Evaluate(TargetResponse response) => throw new InvalidOperationException(AssertionMessages.NoJudge);

    public override async ValueTask<AssertionOutcome> EvaluateAsync(TargetResponse response, IJudge? judge, CancellationToken cancellationToken)
    {
        if (judge is null)
        {
            throw new InvalidOperationException(AssertionMessages.NoJudge);
        }

        var grade = await judge.GradeAsync(rubric, response.Output, cancellationToken).ConfigureAwait(false);
        var reasoning = grade.Reasoning ?? "";
        if (!double.IsFinite(grade.Score) || grade.Score < 0 || grade.Score > 1)
        {
            return new AssertionOutcome(Type, false, 0, AssertionMessages.RubricBadScore(grade.Score, reasoning)) { Threshold = threshold };
        }

        var pass = grade.Pass && (threshold is not { } t || grade.Score >= t);
        return new AssertionOutcome(Type, pass, grade.Score, AssertionMessages.Rubric(grade.Pass, grade.Score, threshold, reasoning)) { Threshold = threshold };
    }
}
