using System.Globalization;
using System.Text.Json.Nodes;
using Json.Pointer;
using ReleaseGate.Core.Diagnostics;
using ReleaseGate.Core.Model;

namespace ReleaseGate.Runner.Assertions;

/// <summary>Turns one <see cref="SuiteAssertion"/> into a <see cref="CompiledAssertion"/>, or reports what is wrong with it.</summary>
internal static class AssertionCompiler
{
    private const string TextShape = "a string or a number";
    private const string SchemaShape = "a JSON Schema, written as a mapping";

    /// <param name="assertion">The assertion as written.</param>
    /// <param name="location">Where its errors are reported.</param>
    /// <param name="errors">Receives what is wrong with it.</param>
    /// <param name="checkPatterns">
    /// Whether a regex's pattern is parsed here; false for a suite already checked, whose pattern is then first parsed
    /// when its matcher is built (and one that no longer parses fails the assertion there).
    /// </param>
    public static CompiledAssertion? Compile(SuiteAssertion assertion, SourceLocation location, List<GateError> errors, bool checkPatterns = true)
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
            "regex" or "not-regex" => CompileRegex(context, checkPatterns),
            "is-json" => assertion.Value is null ? new JsonSchemaAssertion(assertion.Type, assertion.Weight, null) : CompileSchemaAssertion(context),
            "json-schema" => CompileSchemaAssertion(context),
            "json-pointer" => CompilePointer(context),
            "numeric" => CompileNumeric(context),
            "latency" => CompileLatency(context),
            "tool-called" or "tool-not-called" => CompileToolCalled(context),
            "tool-args" => CompileToolArgs(context),
            "llm-rubric" => CompileRubric(context),
            _ => context.Unsupported(),
        };
    }

    private static RegexAssertion? CompileRegex(AssertionContext context, bool checkPattern)
    {
        if (context.Text(allowEmpty: false) is not { } pattern)
        {
            return null;
        }

        // Only checked here: the matcher is built when the first response is evaluated (RegexCache).
        if (checkPattern && !RegexCache.Shared.TryValidate(pattern, out var problem))
        {
            context.Error(ErrorCodes.AssertionRegex, AssertionMessages.BadRegex(context.Type, problem!));
            return null;
        }

        return new RegexAssertion(context.Type, context.Assertion.Weight, pattern, RegexCache.Shared);
    }

    private static JsonSchemaAssertion? CompileSchemaAssertion(AssertionContext context)
    {
        if (context.Assertion.Value is null)
        {
            context.Error(ErrorCodes.AssertionValue, AssertionMessages.ValueMissing(context.Type, SchemaShape));
            return null;
        }

        return context.Schema(context.Assertion.Value) is { } schema ? new JsonSchemaAssertion(context.Type, context.Assertion.Weight, schema) : null;
    }

    private static JsonPointerAssertion? CompilePointer(AssertionContext context)
    {
        const string shape = "a mapping with 'pointer' (such as /order/id) and 'equals' (the expected value)";
        if (context.Mapping(shape, "pointer", "equals") is not { } value)
        {
            return null;
        }

        var pointerText = context.RequiredString(value, "pointer", shape);
        var pointer = pointerText is null ? null : context.Pointer(pointerText);
        if (!value.ContainsKey("equals"))
        {
            context.Error(ErrorCodes.AssertionValue, AssertionMessages.KeyMissing(context.Type, "equals", shape));
            return null;
        }

        return pointer is null ? null : new JsonPointerAssertion(context.Type, context.Assertion.Weight, pointerText!, pointer.Value, JsonEquality.ToElement(value["equals"]));
    }

    private static NumericAssertion? CompileNumeric(AssertionContext context)
    {
        const string shape = "a number, or a mapping with 'expected' (a number), optional 'tolerance' (a number ≥ 0) and optional 'pointer' (a JSON pointer into JSON output)";
        if (context.Assertion.Value is JsonValue v && v.TryGetValue<double>(out var exact))
        {
            return new NumericAssertion(context.Type, context.Assertion.Weight, exact, 0, null, null);
        }

        if (context.Mapping(shape, "expected", "tolerance", "pointer") is not { } value)
        {
            return null;
        }

        var expected = context.Number(value, "expected", shape, required: true, min: double.MinValue);
        var tolerance = context.Number(value, "tolerance", shape, required: false, min: 0) ?? 0;
        string? pointerText = null;
        JsonPointer? pointer = null;
        if (value.ContainsKey("pointer"))
        {
            pointerText = context.RequiredString(value, "pointer", shape);
            pointer = pointerText is null ? null : context.Pointer(pointerText);
            if (pointer is null)
            {
                return null;
            }
        }

        return expected is null ? null : new NumericAssertion(context.Type, context.Assertion.Weight, expected.Value, tolerance, pointerText, pointer);
    }

    private static LatencyAssertion? CompileLatency(AssertionContext context)
    {
        var threshold = context.Assertion.Threshold;
        double? fromValue = context.Assertion.Value is JsonValue v && v.TryGetValue<double>(out var d) ? d : null;
        if ((threshold is null) == (fromValue is null) || (context.Assertion.Value is not null && fromValue is null))
        {
            context.Error(ErrorCodes.AssertionValue, AssertionMessages.LatencyLimit(context.Type));
            return null;
        }

        var max = threshold ?? fromValue!.Value;
        if (max < 0)
        {
            context.Error(ErrorCodes.AssertionThreshold, AssertionMessages.ThresholdRange(context.Type, "a number of milliseconds ≥ 0", max));
            return null;
        }

        return new LatencyAssertion(context.Type, context.Assertion.Weight, max);
    }

    private static ToolCalledAssertion? CompileToolCalled(AssertionContext context)
    {
        if (context.Assertion.Value is null)
        {
            return new ToolCalledAssertion(context.Type, context.Assertion.Weight, null);
        }

        return context.Text(allowEmpty: false) is { } tool ? new ToolCalledAssertion(context.Type, context.Assertion.Weight, tool) : null;
    }

    private static ToolArgsAssertion? CompileToolArgs(AssertionContext context)
    {
        const string shape = "a mapping with 'name' (the tool) and either 'schema' (a JSON Schema for the arguments) or 'equals' (the arguments)";
        if (context.Mapping(shape, "name", "schema", "equals") is not { } value)
        {
            return null;
        }

        var name = context.RequiredString(value, "name", shape);
        var hasSchema = value.ContainsKey("schema");
        var hasEquals = value.ContainsKey("equals");
        if (hasSchema == hasEquals)
        {
            context.Error(ErrorCodes.AssertionValue, hasSchema ? AssertionMessages.BothKeys(context.Type, "schema", "equals") : AssertionMessages.KeyMissing(context.Type, "schema' or 'equals", shape));
            return null;
        }

        var schema = hasSchema ? context.Schema(value["schema"]) : null;
        if (name is null || (hasSchema && schema is null))
        {
            return null;
        }

        return new ToolArgsAssertion(context.Type, context.Assertion.Weight, name, schema, hasEquals ? JsonEquality.ToElement(value["equals"]) : null);
    }

    private static RubricAssertion? CompileRubric(AssertionContext context)
    {
        if (context.Assertion.Threshold is { } t && !(t >= 0 && t <= 1))
        {
            context.Error(ErrorCodes.AssertionThreshold, AssertionMessages.ThresholdRange(context.Type, "between 0 and 1 (the judge's score)", t));
            return null;
        }

        return context.Assertion.Value is JsonValue v && v.TryGetValue<string>(out var rubric) && rubric.Trim().Length > 0
            ? new RubricAssertion(context.Type, context.Assertion.Weight, rubric, context.Assertion.Threshold)
            : context.WrongValue<RubricAssertion>("the rubric, a non-empty string");
    }

    /// <summary>The assertion being compiled, where it is, and where its errors go.</summary>
    internal sealed class AssertionContext(SuiteAssertion assertion, SourceLocation location, List<GateError> errors)
    {
        public SuiteAssertion Assertion { get; } = assertion;

        public string Type => Assertion.Type;

        public void Error(string code, string message) => errors.Add(new GateError(code, message, location));

        public T? WrongValue<T>(string shape)
            where T : class
        {
            Error(ErrorCodes.AssertionValue, Assertion.Value is null ? AssertionMessages.ValueMissing(Type, shape) : AssertionMessages.ValueWrong(Type, shape, Describe(Assertion.Value)));
            return null;
        }

        /// <summary>The value as a mapping with only the given keys, or null after reporting why not.</summary>
        public JsonObject? Mapping(string shape, params string[] keys)
        {
            if (Assertion.Value is not JsonObject value)
            {
                return WrongValue<JsonObject>(shape);
            }

            var unknown = value.Select(p => p.Key).Where(k => !keys.Contains(k, StringComparer.Ordinal)).ToList();
            foreach (var key in unknown)
            {
                Error(ErrorCodes.AssertionValue, AssertionMessages.KeyUnknown(Type, key, keys));
            }

            return unknown.Count == 0 ? value : null;
        }

        public string? RequiredString(JsonObject value, string key, string shape)
        {
            if (value[key] is JsonValue v && v.TryGetValue<string>(out var s))
            {
                return s;
            }

            Error(ErrorCodes.AssertionValue, value.ContainsKey(key)
                ? AssertionMessages.ValueWrong(Type, $"{shape}; '{key}' must be a string", Describe(value[key]))
                : AssertionMessages.KeyMissing(Type, key, shape));
            return null;
        }

        public double? Number(JsonObject value, string key, string shape, bool required, double min)
        {
            if (!value.ContainsKey(key))
            {
                if (required)
                {
                    Error(ErrorCodes.AssertionValue, AssertionMessages.KeyMissing(Type, key, shape));
                }

                return null;
            }

            if (value[key] is JsonValue v && v.TryGetValue<double>(out var d) && d >= min)
            {
                return d;
            }

            Error(ErrorCodes.AssertionValue, AssertionMessages.ValueWrong(Type, $"{shape}; '{key}' must be a number{(min == 0 ? " ≥ 0" : "")}", Describe(value[key])));
            return null;
        }

        public JsonPointer? Pointer(string text)
        {
            if (JsonPointer.TryParse(text, out var pointer))
            {
                return pointer;
            }

            Error(ErrorCodes.AssertionPointer, AssertionMessages.BadPointer(Type, text));
            return null;
        }

        public SchemaCheck? Schema(JsonNode? node)
        {
            var check = SchemaCheck.TryBuild(JsonEquality.ToElement(node), out var problem);
            if (check is null)
            {
                Error(ErrorCodes.AssertionSchema, AssertionMessages.BadSchema(Type, problem!));
            }

            return check;
        }

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
