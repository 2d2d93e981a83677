using System.Text.Json;
using ReleaseGate.Core.Reviews;
using Xunit;

namespace ReleaseGate.Core.Tests.Reviews;

public class JudgeMarginTests
{
    [Theory]
    [InlineData("""{"assertions":[{"type":"llm-rubric","pass":true,"score":0.72,"threshold":0.7,"reason":"ok"}]}""", 0.02)]
    [InlineData("""{"assertions":[{"type":"llm-rubric","score":0.9,"threshold":0.5},{"type":"llm-rubric","score":0.4,"threshold":0.5}]}""", 0.1)]
    [InlineData("""{"assertions":[{"type":"contains","score":1},{"type":"llm-rubric","score":0.3,"threshold":0.7}]}""", 0.4)]
    public void The_margin_is_the_smallest_distance_of_a_rubric_score_from_its_threshold(string line, double expected)
    {
        using var json = JsonDocument.Parse(line);

        Assert.Equal(expected, JudgeMargin.Of(json.RootElement)!.Value, 9);
    }

    [Theory]
    [InlineData("""{"suite":"core","case":"c1","pass":true}""")]
    [InlineData("""{"assertions":[{"type":"llm-rubric","score":0.9}]}""")]
    [InlineData("""{"assertions":[{"type":"contains","score":0.9,"threshold":0.5}]}""")]
    [InlineData("""{"assertions":[{"type":"llm-rubric","score":"0.9","threshold":0.5}]}""")]
    [InlineData("""{"assertions":"none"}""")]
    [InlineData("""[1, 2]""")]
    public void A_line_without_a_scored_rubric_with_a_threshold_has_no_margin(string line)
    {
        using var json = JsonDocument.Parse(line);

        Assert.Null(JudgeMargin.Of(json.RootElement));
    }

    [Fact]
    public void Lines_of_one_case_combine_to_the_smaller_known_margin()
    {
        Assert.Equal(0.1, JudgeMargin.Smaller(0.3, 0.1));
        Assert.Equal(0.3, JudgeMargin.Smaller(0.3, null));
        Assert.Null(JudgeMargin.Smaller(null, null));
    }
}
