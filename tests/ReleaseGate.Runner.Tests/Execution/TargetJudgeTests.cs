using ReleaseGate.Runner.Execution;
using ReleaseGate.Runner.Targets;
using Xunit;

namespace ReleaseGate.Runner.Tests.Execution;

public class TargetJudgeTests
{
    [Theory]
    [InlineData("""{"pass": true, "score": 0.85, "reasoning": "Apologises and refunds."}""", true, 0.85, "Apologises and refunds.")]
    [InlineData("""Here is my grade: {"pass": false, "reasoning": "No refund."} Thanks.""", false, 0.0, "No refund.")]
    [InlineData("""{"pass": true}""", true, 1.0, "")]
    public void Reads_the_judges_json_answer(string answer, bool pass, double score, string reasoning)
    {
        var grade = TargetJudge.Parse(answer);

        Assert.Equal((pass, score, reasoning), (grade.Pass, grade.Score, grade.Reasoning));
    }

    [Theory]
    [InlineData("The answer is good.")]
    [InlineData("""{"pass": "yes"}""")]
    [InlineData("""{"pass": true, "score": 7}""")]
    [InlineData("""{"verdict": true}""")]
    public void Anything_else_is_a_failure_never_a_pass(string answer)
    {
        Assert.Throws<TargetException>(() => TargetJudge.Parse(answer));
    }

    [Theory]
    [InlineData(1, null, 100, 50, 100)]
    [InlineData(3, null, 400, 200, 400)]
    [InlineData(30, null, 60_000, 30_000, 60_000)]
    [InlineData(1, 1500, 1500, 1500, 1500)]
    [InlineData(1, 120_000, 60_000, 60_000, 60_000)]
    public void Backoff_doubles_with_jitter_and_honours_what_the_server_asks(int attempt, int? retryAfterMs, int capMs, int min, int max)
    {
        foreach (var jitter in new[] { 0.0, 0.5, 0.999 })
        {
            var delay = Backoff.Delay(attempt, retryAfterMs is { } r ? TimeSpan.FromMilliseconds(r) : null, TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(capMs), jitter);
            Assert.InRange(delay.TotalMilliseconds, min, max);
        }
    }
}
