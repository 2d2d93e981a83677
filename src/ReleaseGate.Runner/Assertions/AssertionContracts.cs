namespace ReleaseGate.Runner.Assertions;

/// <summary>A tool call the model made, as the target reported it.</summary>
/// <param name="Name">The tool's name.</param>
/// <param name="Arguments">The arguments as the model sent them: JSON text, possibly malformed.</param>
public sealed record ToolCall(string Name, string Arguments);

/// <summary>What a target answered for one execution of a case: the input of every assertion.</summary>
/// <param name="Output">The text the target produced.</param>
/// <param name="ToolCalls">The tool calls the model made, in order.</param>
/// <param name="LatencyMs">Wall time of the call that produced the answer, in milliseconds.</param>
public sealed record TargetResponse(string Output, IReadOnlyList<ToolCall> ToolCalls, double LatencyMs);

/// <summary>The result of one assertion on one response; goes into the result line's <c>assertions</c>.</summary>
/// <param name="Type">The assertion type as written in the suite.</param>
/// <param name="Pass">Whether the assertion held.</param>
/// <param name="Score">A score in [0, 1]; 1 or 0 for assertions that are not graded.</param>
/// <param name="Reason">A plain sentence saying why it passed or failed.</param>
public sealed record AssertionOutcome(string Type, bool Pass, double Score, string Reason)
{
    /// <summary>
    /// The score the assertion needed, for those that have one (<c>llm-rubric</c> with a <c>threshold</c>); written as the
    /// assertion's <c>threshold</c>, so that a judge's distance from it (the review's judge band) can be computed.
    /// </summary>
    public double? Threshold { get; init; }
}

/// <summary>A judge's grade of an output against a rubric (for <c>llm-rubric</c>).</summary>
/// <param name="Pass">The judge's verdict.</param>
/// <param name="Score">The judge's score in [0, 1].</param>
/// <param name="Reasoning">The judge's reasoning, kept in the result.</param>
public sealed record JudgeGrade(bool Pass, double Score, string Reasoning);

/// <summary>Grades an output against a rubric by asking a judge target. The runner supplies it.</summary>
public interface IJudge
{
    /// <summary>Asks the judge to grade <paramref name="output"/> against <paramref name="rubric"/>.</summary>
    /// <exception cref="Exception">Any failure of the judge: the runner records the execution as an error, never a pass.</exception>
    Task<JudgeGrade> GradeAsync(string rubric, string output, CancellationToken cancellationToken);
}
