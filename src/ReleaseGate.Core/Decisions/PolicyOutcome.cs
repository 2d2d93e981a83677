namespace ReleaseGate.Core.Decisions;

/// <summary>The outcome of evaluating one CEL expression: a boolean, or an error.</summary>
/// <param name="Value">The result, when the expression evaluated to a boolean.</param>
/// <param name="Error">Why it could not be evaluated to a boolean, otherwise.</param>
public sealed record PolicyOutcome(bool? Value, string? Error)
{
    /// <summary>A boolean result.</summary>
    public static PolicyOutcome Of(bool value) => new(value, null);

    /// <summary>A failure to evaluate.</summary>
    public static PolicyOutcome Failed(string error) => new(null, error);
}
