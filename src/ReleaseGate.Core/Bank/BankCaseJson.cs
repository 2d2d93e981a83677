using System.Text.Json.Nodes;
using ReleaseGate.Core.Diagnostics;
using ReleaseGate.Core.Formats;
using ReleaseGate.Core.Json;
using ReleaseGate.Core.Model;
using ReleaseGate.Core.Yaml;

namespace ReleaseGate.Core.Bank;

/// <summary>
/// A suite case as JSON, the form the server's bank API sends and stores: the keys of a suite file's case (<c>id</c>,
/// <c>description</c>, <c>slices</c>, <c>severity</c>, <c>vars</c>, <c>messages</c>, <c>assert</c>), written as canonical
/// JSON (RFC 8785), and read back with the same checks, and the same error codes, as a case in a suite file.
/// </summary>
/// <remarks>
/// The case's <see cref="SuiteCase.Bank"/> is not part of it: the bank keeps a case's lifecycle and provenance apart
/// (<see cref="BankProvenanceJson"/>). Numbers are written as ECMAScript prints a double, so an integer beyond 2^53 does not
/// keep its last digits.
/// </remarks>
/// <threadsafety>Stateless; safe to call from several threads.</threadsafety>
public static class BankCaseJson
{
    /// <summary>Writes <paramref name="suiteCase"/> as canonical JSON; equal cases give equal text.</summary>
    /// <param name="suiteCase">The case; its assertions are written as they are (a suite's defaults included, when it has them).</param>
    /// <returns>The JSON text, on one line.</returns>
    public static string Write(SuiteCase suiteCase) => CanonicalJson.Serialize(ToJson(suiteCase));

    /// <summary>The case as a JSON object with the keys of a suite file's case.</summary>
    /// <param name="suiteCase">The case.</param>
    public static JsonObject ToJson(SuiteCase suiteCase)
    {
        ArgumentNullException.ThrowIfNull(suiteCase);
        var json = new JsonObject { ["id"] = suiteCase.Id };
        if (suiteCase.Description is not null)
        {
            json["description"] = suiteCase.Description;
        }

        json["slices"] = new JsonArray([.. suiteCase.Slices.Select(s => (JsonNode)JsonValue.Create(s))]);
        json["severity"] = suiteCase.Severity.Word();
        json["vars"] = suiteCase.Vars.DeepClone();
        if (suiteCase.Messages is { } messages)
        {
            json["messages"] = Messages(messages);
        }

        json["assert"] = new JsonArray([.. suiteCase.Assertions.Select(Assertion)]);
        return json;
    }

    /// <summary>
    /// Reads a case written as JSON (by <see cref="Write"/>, or by a client of the API): the text must be one JSON object
    /// holding the keys of a suite file's case. Errors name <paramref name="source"/>, the line and the column.
    /// </summary>
    /// <param name="json">The JSON text.</param>
    /// <param name="source">What the errors name as the file (a request field, such as <c>case</c>).</param>
    /// <returns>
    /// The case, or every error: RG1040 when the text is not JSON, else the suite format's codes. A <c>bank</c> key is read
    /// as in a suite file (into <see cref="SuiteCase.Bank"/>); whether to honour it is the caller's to decide.
    /// </returns>
    public static ParseResult<SuiteCase> Read(string json, string source = "case")
    {
        ArgumentNullException.ThrowIfNull(json);
        var context = new YamlReadContext(source);
        SuiteCase? result = null;
        if (BankJsonText.Open(json, source, "case", context) is { } m)
        {
            result = SuiteParser.ReadCaseMapping(m);
        }

        return result is not null && context.Errors.Count == 0 ? ParseResult<SuiteCase>.Ok(result) : ParseResult<SuiteCase>.Failed(context.Errors);
    }

    internal static JsonArray Messages(IReadOnlyList<ChatTurn> turns) =>
        new([.. turns.Select(t =>
        {
            var turn = new JsonObject { ["role"] = t.Role };
            if (t.Content is not null)
            {
                turn["content"] = t.Content;
            }

            if (t.ToolCalls.Count > 0)
            {
                turn["tool_calls"] = new JsonArray([.. t.ToolCalls.Select(c => (JsonNode)new JsonObject { ["id"] = c.Id, ["name"] = c.Name, ["arguments"] = c.Arguments })]);
            }

            if (t.ToolCallId is not null)
            {
                turn["tool_call_id"] = t.ToolCallId;
            }

            return (JsonNode)turn;
        })]);

    private static JsonNode Assertion(SuiteAssertion assertion)
    {
        var json = new JsonObject { ["type"] = assertion.Type };
        if (assertion.Value is not null)
        {
            json["value"] = assertion.Value.DeepClone();
        }

        if (assertion.Threshold is { } threshold)
        {
            json["threshold"] = threshold;
        }

        if (assertion.Weight != 1)
        {
            json["weight"] = assertion.Weight;
        }

        return json;
    }
}
