using ReleaseGate.Runner.Assertions;

namespace ReleaseGate.Runner.Tests.Assertions;

/// <summary>
/// A deterministic judge for testing the <c>llm-rubric</c> assertion's logic: it returns the grade it was given, or, when
/// that grade's reasoning is <c>echo</c>, reports the rubric and output it received.
/// </summary>
internal sealed class ScriptedJudge(JudgeGrade grade) : IJudge
{
    public int Calls { get; private set; }

    public Task<JudgeGrade> GradeAsync(string rubric, string output, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Calls++;
        return Task.FromResult(grade.Reasoning == "echo" ? grade with { Reasoning = $"rubric=[{rubric}] output=[{output}]" } : grade);
    }
}
