namespace ReleaseGate.Core.Decisions;

/// <summary>
/// Evaluates policy rules and approval conditions (CEL) over the decision's input document. Core defines the seam;
/// ReleaseGate.Policies implements it. Without one, policies fail closed and approval stages are assumed to apply.
/// </summary>
public interface IPolicyEvaluator
{
    /// <summary>Evaluates <paramref name="expression"/> over <paramref name="input"/>.</summary>
    /// <param name="expression">The CEL expression.</param>
    /// <param name="input">The input document: <c>release</c>, <c>baseline</c>, <c>changes</c>, <c>gate</c>, <c>evals</c>.</param>
    /// <returns>The boolean result, or an error; never throws for a bad expression or input.</returns>
    PolicyOutcome Evaluate(string expression, IReadOnlyDictionary<string, object?> input);
}
