namespace ReleaseGate.Runner.Assertions;

/// <summary>
/// <c>is-json</c> (the output parses as JSON; with a value, it also validates against that schema, as in promptfoo) and
/// <c>json-schema</c> (the output parses as JSON and validates against the schema in the value).
/// </summary>
internal sealed class JsonSchemaAssertion(string type, double weight, SchemaCheck? schema) : CompiledAssertion(type, weight)
{
    public override AssertionOutcome Evaluate(TargetResponse response)
    {
        using var document = JsonOutput.TryParse(response.Output, out var problem);
        if (document is null)
        {
            return Failed(AssertionMessages.NotJson(problem, response.Output));
        }

        if (schema is null)
        {
            return Passed(AssertionMessages.IsJson);
        }

        return schema.Validate(document.RootElement, out var problems)
            ? Passed(AssertionMessages.SchemaValid)
            : Failed(AssertionMessages.SchemaInvalid(problems, response.Output));
    }
}
