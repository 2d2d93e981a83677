using ReleaseGate.Core.Diagnostics;
using ReleaseGate.Core.Model;

namespace ReleaseGate.Runner.Assertions;

/// <summary>
/// The assertions of one case, validated and prepared once when the suite loads, then evaluated on every response.
/// </summary>
/// <remarks>
/// <para>
/// Scoring follows promptfoo: every assertion scores in [0, 1] (1 or 0 for assertions that are not graded); the case score
/// is the mean of the scores weighted by each assertion's <c>weight</c> (default 1), and 0 when all weights are 0. An
/// assertion of weight 0 does not count in the score but must still pass.
/// </para>
/// <para>
/// Passing is stricter than promptfoo's, on purpose: a case passes when every assertion passes <em>and</em>, if the case
/// has a threshold, the weighted score reaches it. (In promptfoo a test threshold replaces the per-assertion verdicts, so a
/// case can pass with failing assertions; a release gate must not.) A case without assertions passes with score 1, as in
/// promptfoo: the target answered without error and nothing was asked of the answer.
/// </para>
/// <para>Instances are immutable and safe to evaluate from many threads at once.</para>
/// </remarks>
public sealed class CaseAssertions
{
    private readonly IReadOnlyList<CompiledAssertion> _assertions;
    private readonly double? _threshold;

    private CaseAssertions(List<CompiledAssertion> assertions, double? threshold)
    {
        _assertions = assertions;
        _threshold = threshold;
        RequiresJudge = assertions.Exists(a => a.NeedsJudge);
    }

    /// <summary>Whether some assertion (an <c>llm-rubric</c>) needs a judge; the runner checks this when the suite loads.</summary>
    public bool RequiresJudge { get; }

    /// <summary>How many assertions the case has.</summary>
    public int Count => _assertions.Count;

    /// <summary>
    /// Validates and prepares the assertions of one case: values of the wrong shape, regular expressions that do not
    /// compile, invalid JSON Schemas and malformed JSON pointers are errors (<c>RG1450</c>–<c>RG1454</c>) located at the
    /// assertion, or at <paramref name="caseLocation"/> for assertions that carry no location.
    /// </summary>
    /// <param name="assertions">The case's assertions, the suite's defaults first, as <c>SuiteParser</c> gives them.</param>
    /// <param name="caseLocation">Where the case is written.</param>
    /// <param name="caseThreshold">An optional minimum for the weighted score, in [0, 1].</param>
    public static ParseResult<CaseAssertions> Compile(IReadOnlyList<SuiteAssertion> assertions, SourceLocation caseLocation, double? caseThreshold = null) =>
        Compile(assertions, caseLocation, caseThreshold, checkPatterns: true);

    /// <summary>
    /// Prepares the assertions of a case whose suite <c>SuiteLoader</c> has checked, to run it: as <see cref="Compile(IReadOnlyList{SuiteAssertion}, SourceLocation, double?)"/>,
    /// but regex patterns, already parsed by the check, are not parsed again (their matchers are built when first used).
    /// </summary>
    internal static ParseResult<CaseAssertions> Prepare(IReadOnlyList<SuiteAssertion> assertions, SourceLocation caseLocation) =>
        Compile(assertions, caseLocation, null, checkPatterns: false);

    private static ParseResult<CaseAssertions> Compile(IReadOnlyList<SuiteAssertion> assertions, SourceLocation caseLocation, double? caseThreshold, bool checkPatterns)
    {
        ArgumentNullException.ThrowIfNull(assertions);
        var errors = new List<GateError>();
        var compiled = new List<CompiledAssertion>(assertions.Count);
        foreach (var assertion in assertions)
        {
            var location = assertion.Location == default ? caseLocation : assertion.Location;
            if (AssertionCompiler.Compile(assertion, location, errors, checkPatterns) is { } c)
            {
                compiled.Add(c);
            }
        }

        if (caseThreshold is { } t && !(t >= 0 && t <= 1))
        {
            errors.Add(new GateError(ErrorCodes.AssertionThreshold, AssertionMessages.CaseThreshold(t), caseLocation));
        }

        return errors.Count > 0 ? ParseResult<CaseAssertions>.Failed(errors) : ParseResult<CaseAssertions>.Ok(new CaseAssertions(compiled, caseThreshold));
    }

    /// <summary>Evaluates every assertion on <paramref name="response"/> and combines them into the case's grade.</summary>
    /// <param name="response">What the target answered.</param>
    /// <param name="judge">The judge for <c>llm-rubric</c> assertions; may be null when <see cref="RequiresJudge"/> is false.</param>
    /// <param name="cancellationToken">Cancels a judge call in flight.</param>
    /// <exception cref="InvalidOperationException">
    /// The case has an <c>llm-rubric</c> assertion and <paramref name="judge"/> is null. The runner records the execution as an
    /// error: a rubric nobody graded is never a pass.
    /// </exception>
    /// <remarks>Exceptions of the judge propagate unchanged, so that the runner records the execution as an error.</remarks>
    public Task<CaseGrade> EvaluateAsync(TargetResponse response, IJudge? judge, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(response);
        if (RequiresJudge && judge is null)
        {
            throw new InvalidOperationException(AssertionMessages.NoJudge);
        }

        return RequiresJudge ? EvaluateWithJudgeAsync(response, judge!, cancellationToken) : Task.FromResult(Evaluate(response));
    }

    /// <summary>Grades <paramref name="response"/> at once, for a case without an <c>llm-rubric</c> assertion.</summary>
    /// <exception cref="InvalidOperationException">The case has an <c>llm-rubric</c> assertion: it needs <see cref="EvaluateAsync"/> and a judge.</exception>
    public CaseGrade Evaluate(TargetResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        if (RequiresJudge)
        {
            throw new InvalidOperationException(AssertionMessages.NoJudge);
        }

        var outcomes = new AssertionOutcome[_assertions.Count];
        for (var i = 0; i < outcomes.Length; i++)
        {
            outcomes[i] = _assertions[i].Evaluate(response);
        }

        return Grade(outcomes);
    }

    private async Task<CaseGrade> EvaluateWithJudgeAsync(TargetResponse response, IJudge judge, CancellationToken cancellationToken)
    {
        var outcomes = new AssertionOutcome[_assertions.Count];
        for (var i = 0; i < outcomes.Length; i++)
        {
            outcomes[i] = await _assertions[i].EvaluateAsync(response, judge, cancellationToken).ConfigureAwait(false);
        }

        return Grade(outcomes);
    }

    private CaseGrade Grade(AssertionOutcome[] outcomes)
    {
        if (outcomes.Length == 0)
        {
            return new CaseGrade(true, 1, outcomes);
        }

        double total = 0, weights = 0;
        var allPass = true;
        for (var i = 0; i < outcomes.Length; i++)
        {
            total += outcomes[i].Score * _assertions[i].Weight;
            weights += _assertions[i].Weight;
            allPass &= outcomes[i].Pass;
        }

        var score = weights > 0 ? total / weights : 0;
        return new CaseGrade(allPass && (_threshold is not { } t || score >= t), score, outcomes);
    }
}
