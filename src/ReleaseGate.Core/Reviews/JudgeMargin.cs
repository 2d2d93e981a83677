using System.Text.Json;

namespace ReleaseGate.Core.Reviews;

/// <summary>
/// How close a judge came to its threshold in one result line: the smallest |score − threshold| over the line's
/// <c>llm-rubric</c> assertions that carry both numbers (<c>releasegate eval run</c> writes the threshold of each one
/// that has one). A case's margin is the smallest over its lines (<see cref="SampleCase.JudgeMargin"/>).
/// </summary>
public static class JudgeMargin
{
    /// <summary>The margin of one result line, or null when no <c>llm-rubric</c> assertion of it has a score and a threshold.</summary>
    /// <param name="resultLine">The result line, a JSON object; anything else has no margin.</param>
    public static double? Of(JsonElement resultLine)
    {
        if (resultLine.ValueKind != JsonValueKind.Object
            || !resultLine.TryGetProperty("assertions", out var assertions)
            || assertions.ValueKind != JsonValueKind.Array)
        {
            return null;
        }

        double? smallest = null;
        foreach (var a in assertions.EnumerateArray())
        {
            if (a.ValueKind == JsonValueKind.Object
                && a.TryGetProperty("type", out var type) && type.ValueKind == JsonValueKind.String && type.ValueEquals("llm-rubric")
                && a.TryGetProperty("score", out var score) && score.ValueKind == JsonValueKind.Number
                && a.TryGetProperty("threshold", out var threshold) && threshold.ValueKind == JsonValueKind.Number)
            {
                var margin = Math.Abs(score.GetDouble() - threshold.GetDouble());
                smallest = smallest is { } s ? Math.Min(s, margin) : margin;
            }
        }

        return smallest;
    }

    /// <summary>The smaller of two margins, either of which may be unknown: how a case's lines combine.</summary>
    /// <param name="a">One margin, or null.</param>
    /// <param name="b">Another, or null.</param>
    public static double? Smaller(double? a, double? b) => (a, b) switch
    {
        (null, _) => b,
        (_, null) => a,
        _ => Math.Min(a.Value, b.Value),
    };
}
