using System.Globalization;
using System.Text.Json.Nodes;
using ReleaseGate.Core.Diagnostics;
using ReleaseGate.Core.Model;

namespace ReleaseGate.Runner.Assertions;

/// <summary>Turns one <see cref="SuiteAssertion"/> into a <see cref="CompiledAssertion"/>, or reports what is wrong with it.</summary>
internal static class AssertionCompiler
{
    private const string TextShape = "a string or a number";

    public static CompiledAssertion? Compile(SuiteAssertion assertion, SourceLocation location, List<GateError> errors)
    {
        var context = new AssertionContext(assertion, location, errors);
        if (assertion.Threshold is not null && assertion.Type is not ("llm-rubric" or "latency"))
        {
            context.Error(ErrorCodes.AssertionThreshold, AssertionMessages.ThresholdUnused(assertion.Type));
            return null;
        }

        return assertion.Type switch
        {
            "equals" or "not-equals" when assertion.Value is JsonObject or JsonArray =>
                new JsonEqualsAssertion(assertion.Type, assertion.Weight, JsonEquality.ToElement(assertion.Value)),
            "equals" or "not-equals" => context.Text(allowEmpty: true) is { } text ? new TextAssertion(assertion.Type, assertion.Weight, text) : null,
            "contains" or "not-contains" or "icontains" or "not-icontains" or "starts-with" or "not-starts-with" =>
                context.Text(allowEmpty: false) is { } text ? new TextAssertion(assertion.Type, assertion.Weight, text) : null,
            "regex" or "not-regex" => CompileRegex(context),
            _ => context.Unsupported(),
        };
    }

    private static RegexAssertion? CompileRegex(AssertionContext context)
    {
        if (context.Text(allowEmpty: false) is not { } pattern)
        {
            return null;
        }

        try
        {
            return new RegexAssertion(context.Type, context.Assertion.Weight, pattern, RegexAssertion.Build(pattern));
        }
        catch (ArgumentException e)
        {
            context.Error(ErrorCodes.AssertionRegex, AssertionMessages.BadRegex(context.Type, e.Message));
            return null;
        }
    }

    /// <summary>The assertion being compiled, where it is, and where its errors go.</summary>
    internal sealed class AssertionContext(SuiteAssertion assertion, SourceLocation location, List<GateError> errors)
    {
        public SuiteAssertion Assertion { get; } = assertion;

        public string Type => Assertion.Type;

        public void Error(string code, string message) => errors.Add(new GateError(code, message, location));

        public CompiledAssertion? Unsupported()
        {
            Error(ErrorCodes.AssertionValue, AssertionMessages.Unsupported(Type));
            return null;
        }

        /// <summary>The value as text, as promptfoo's <c>String(value)</c> gives it for strings, numbers and booleans.</summary>
        public string? Text(bool allowEmpty)
        {
            switch (Assertion.Value)
            {
                case null:
                    Error(ErrorCodes.AssertionValue, AssertionMessages.ValueMissing(Type, TextShape));
                    return null;
                case JsonValue v when v.TryGetValue<string>(out var s):
                    if (s.Length == 0 && !allowEmpty)
                    {
                        Error(ErrorCodes.AssertionValue, AssertionMessages.ValueEmpty(Type));
                        return null;
                    }

                    return s;
                case JsonValue v when v.TryGetValue<bool>(out var b):
                    return b ? "true" : "false";
                case JsonValue v:
                    return NumberText(v);
                default:
                    Error(ErrorCodes.AssertionValue, AssertionMessages.ValueWrong(Type, TextShape, Describe(Assertion.Value)));
                    return null;
            }
        }

        public static string Describe(JsonNode? node) => node switch
        {
            null => "null",
            JsonObject => "a mapping",
            JsonArray => "a list",
            JsonValue v when v.TryGetValue<string>(out _) => "a string",
            JsonValue v when v.TryGetValue<bool>(out _) => "a boolean",
            _ => "a number",
        };

        // JavaScript prints integral numbers without a fraction: String(42.0) is "42".
        private static string NumberText(JsonValue value)
        {
            var d = value.GetValue<double>();
            return d == Math.Floor(d) && Math.Abs(d) < 1e15 ? ((long)d).ToString(CultureInfo.InvariantCulture) : d.ToString("R", CultureInfo.InvariantCulture);
        }
    }
}
