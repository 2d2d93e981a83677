namespace ReleaseGate.Runner.Assertions;

/// <summary>
/// <c>tool-called</c> (the model called the named tool at least once; without a name, any tool) and <c>tool-not-called</c>
/// (the model never called the named tool; without a name, no tool at all). Names compare exactly.
/// </summary>
internal sealed class ToolCalledAssertion(string type, double weight, string? tool) : CompiledAssertion(type, weight)
{
    private readonly bool _negated = type == "tool-not-called";

    public override AssertionOutcome Evaluate(TargetResponse response)
    {
        var calls = response.ToolCalls;
        var called = tool is null ? calls.Count > 0 : calls.Any(c => string.Equals(c.Name, tool, StringComparison.Ordinal));
        var names = calls.Select(c => c.Name).Distinct(StringComparer.Ordinal).ToList();
        return Outcome(called != _negated, AssertionMessages.ToolCalled(_negated, called, tool, names));
    }
}
