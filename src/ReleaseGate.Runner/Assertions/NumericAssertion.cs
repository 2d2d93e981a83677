using System.Globalization;
using System.Text.Json;
using Json.Pointer;

namespace ReleaseGate.Runner.Assertions;

/// <summary>
/// <c>numeric</c>: the output (trimmed), or the JSON value at an optional pointer, is a number within
/// <c>tolerance</c> of the expected one. Text that is not a number fails.
/// </summary>
internal sealed class NumericAssertion(string type, double weight, double expected, double tolerance, string? pointerText, JsonPointer? pointer)
    : CompiledAssertion(type, weight)
{
    public override AssertionOutcome Evaluate(TargetResponse response)
    {
        if (!TryRead(response.Output, out var actual, out var found))
        {
            return Failed(found is null ? AssertionMessages.NotJson("", response.Output) : AssertionMessages.NotNumber(pointerText, found));
        }

        var difference = Math.Abs(actual - expected);
        return Outcome(difference <= tolerance, AssertionMessages.Numeric(difference <= tolerance, expected, tolerance, actual));
    }

    private bool TryRead(string output, out double number, out string? found)
    {
        number = 0;
        found = output;
        if (pointer is null)
        {
            return Parse(output, out number);
        }

        using var document = JsonOutput.TryParse(output, out _);
        if (document is null)
        {
            found = null;
            return false;
        }

        if (pointer.Value.Evaluate(document.RootElement) is not { } element)
        {
            return false;
        }

        found = element.GetRawText();
        return element.ValueKind switch
        {
            JsonValueKind.Number => element.TryGetDouble(out number) && double.IsFinite(number),
            JsonValueKind.String => Parse(element.GetString()!, out number),
            _ => false,
        };
    }

    private static bool Parse(string text, out double number) =>
        double.TryParse(text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out number) && double.IsFinite(number);
}
