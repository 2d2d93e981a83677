using System.Text.Json;
using Json.Pointer;

namespace ReleaseGate.Runner.Assertions;

/// <summary><c>json-pointer</c>: the output parses as JSON, and the value at the pointer equals the expected value (deeply, as <c>equals</c>).</summary>
internal sealed class JsonPointerAssertion(string type, double weight, string pointerText, JsonPointer pointer, JsonElement expected) : CompiledAssertion(type, weight)
{
    private readonly string _expectedText = expected.GetRawText();

    public override AssertionOutcome Evaluate(TargetResponse response)
    {
        using var document = JsonOutput.TryParse(response.Output, out var problem);
        if (document is null)
        {
            return Failed(AssertionMessages.NotJson(problem, response.Output));
        }

        if (pointer.Evaluate(document.RootElement) is not { } found)
        {
            return Failed(AssertionMessages.PointerMissing(pointerText, response.Output));
        }

        return JsonEquality.AreEqual(expected, found)
            ? Passed(AssertionMessages.PointerEquals(pointerText, _expectedText))
            : Failed(AssertionMessages.PointerDiffers(pointerText, _expectedText, found.GetRawText()));
    }
}
