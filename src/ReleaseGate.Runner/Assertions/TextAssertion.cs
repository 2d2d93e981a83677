namespace ReleaseGate.Runner.Assertions;

/// <summary>
/// <c>equals</c>, <c>contains</c>, <c>icontains</c>, <c>starts-with</c> and their <c>not-</c> forms, on the output as text.
/// Comparisons are ordinal, as JavaScript's are in promptfoo; <c>icontains</c> lowercases both sides with the invariant culture.
/// </summary>
internal sealed class TextAssertion(string type, double weight, string expected) : CompiledAssertion(type, weight)
{
    private readonly bool _negated = type.StartsWith("not-", StringComparison.Ordinal);
    private readonly string _operation = type switch
    {
        "not-equals" => "equals",
        "not-contains" => "contains",
        "not-icontains" => "icontains",
        "not-starts-with" => "starts-with",
        _ => type,
    };

    // Only icontains reads it: the other operations need no lowercased copy of every expected text.
    private readonly string _lowerExpected = type.EndsWith("icontains", StringComparison.Ordinal) ? expected.ToLowerInvariant() : expected;

    public override AssertionOutcome Evaluate(TargetResponse response)
    {
        var output = response.Output;
        var holds = _operation switch
        {
            "equals" => string.Equals(output, expected, StringComparison.Ordinal),
            "contains" => output.Contains(expected, StringComparison.Ordinal),
            "icontains" => output.ToLowerInvariant().Contains(_lowerExpected, StringComparison.Ordinal),
            "starts-with" => output.StartsWith(expected, StringComparison.Ordinal),
            _ => throw new InvalidOperationException($"'{Type}' is not a text assertion."),
        };
        return Outcome(holds != _negated, AssertionMessages.Text(_operation, _negated, holds, expected, output));
    }
}
