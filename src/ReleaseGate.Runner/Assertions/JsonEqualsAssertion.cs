using System.Text.Json;

namespace ReleaseGate.Runner.Assertions;

/// <summary>
/// <c>equals</c> and <c>not-equals</c> with an object or array value: the output is parsed as JSON and compared deeply,
/// as promptfoo does. Output that is not JSON does not equal the value.
/// </summary>
internal sealed class JsonEqualsAssertion(string type, double weight, JsonElement expected) : CompiledAssertion(type, weight)
{
    private readonly bool _negated = type.StartsWith("not-", StringComparison.Ordinal);
    private readonly string _expectedText = expected.GetRawText();

    public override AssertionOutcome Evaluate(TargetResponse response)
    {
        bool equal;
        try
        {
            using var document = JsonDocument.Parse(response.Output);
            equal = JsonEquality.AreEqual(expected, document.RootElement);
        }
        catch (JsonException)
        {
            equal = false;
        }

        return Outcome(equal != _negated, AssertionMessages.JsonEquals(_negated, equal, _expectedText, response.Output));
    }
}
