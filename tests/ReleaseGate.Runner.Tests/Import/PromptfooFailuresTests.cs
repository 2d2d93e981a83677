using System.Text.Json.Nodes;
using ReleaseGate.Core.Diagnostics;
using ReleaseGate.Core.Model;
using ReleaseGate.Runner.Import;
using ReleaseGate.Runner.Suites;
using Xunit;
using static ReleaseGate.Runner.Tests.Import.ImportHarness;

namespace ReleaseGate.Runner.Tests.Import;

public sealed class PromptfooFailuresTests
{
    private static BankImport Valid(string path, string? provider = null)
    {
        var result = PromptfooFailures.Read(path, Path.GetFileName(path), provider);
        Assert.True(result.Success, string.Join("\n", result.Errors));
        return result.Value;
    }

    // A promptfoo results file with the given results, each filled in with what promptfoo always writes.
    private static string File(params string[] results) =>
        Temp("results.json", "{\"evalId\":\"e\",\"results\":{\"version\":3,\"results\":[" + string.Join(",\n", results) + "]}}");

    private static string Failed(string testCase, string output = "the answer", string raw = "Q: hi") =>
        "{\"id\":\"r-" + Guid.NewGuid().ToString("N") + "\",\"success\":false,\"failureReason\":1,\"score\":0,\"provider\":{\"id\":\"echo\"},"
        + "\"prompt\":{\"raw\":" + System.Text.Json.JsonSerializer.Serialize(raw) + ",\"label\":\"Q: {{q}}\"},"
        + "\"response\":{\"output\":" + System.Text.Json.JsonSerializer.Serialize(output) + "},\"testCase\":" + testCase + "}";

    private static (string Type, string? Value, double? Threshold) Shape(SuiteAssertion a) =>
        (a.Type, a.Value is JsonValue v && v.GetValueKind() == System.Text.Json.JsonValueKind.String ? v.GetValue<string>() : a.Value?.ToJsonString(), a.Threshold);

    [Fact]
    public void The_failed_tests_of_real_promptfoo_results_become_candidates_and_passed_ones_do_not()
    {
        var import = Valid(Fixture("promptfoo", "results.json"));

        Assert.Equal(["price-in-usd", "json-output"], import.Candidates.Select(c => c.Case.Id));
        Assert.Empty(import.Warnings);
        var price = import.Candidates[0];
        Assert.Equal("price-in-usd", price.Case.Description);
        Assert.Equal("What is the price of the mug? It is 30 EUR", (string)price.Case.Vars["question"]!);
        Assert.Null(price.Case.Messages);
        Assert.Equal([("contains", "USD", (double?)null), ("not-contains", "sorry", null)], price.Case.Assertions.Select(Shape));
        Assert.Equal("Customer question: What is the price of the mug? It is 30 EUR", price.OriginalOutput);
        Assert.Equal("results.json#18254fdb-1fb9-4442-87bf-80ed79c194ad", price.Reference);
        Assert.Equal("results.json", price.Case.Location.File);
        Assert.True(price.Case.Location.Line > 1);
        Assert.Empty(price.Warnings);

        var json = import.Candidates[1];
        Assert.Equal(("is-json", (string?)null, (double?)null), Shape(Assert.Single(json.Case.Assertions)));
    }

    [Fact]
    public void A_file_of_several_providers_needs_one_and_errors_and_repeats_are_not_banked()
    {
        var path = Fixture("promptfoo", "results-two.json");
        Assert.Equal(ErrorCodes.ImportPromptfoo, Assert.Single(PromptfooFailures.Read(path, "results-two.json").Errors).Code);

        var echo = Valid(path, "echo");
        var greeting = Assert.Single(echo.Candidates);
        Assert.Equal("greeting", greeting.Case.Id);
        Assert.StartsWith("result 8 (732a09eb-4be5-41af-a69a-d25263a26c58) repeats the test of result 6", Assert.Single(echo.Warnings), StringComparison.Ordinal);

        var unreachable = Valid(path, "unreachable-model");
        Assert.Empty(unreachable.Candidates);
        Assert.Equal(4, unreachable.Warnings.Count);
        Assert.All(unreachable.Warnings, w => Assert.EndsWith("is an error (the provider failed), not a failure of the model: it is not banked.", w, StringComparison.Ordinal));
    }

    [Fact]
    public void Assertions_carry_over_where_an_equivalent_exists_and_the_others_are_named_in_warnings()
    {
        var path = File(Failed("""
            {"description":"Refund: over the limit!","vars":{"q":"refund 240","expected":"approval"},
             "metadata":{"slices":["refunds","Large refunds"],"severity":"critical"},
             "assert":[
               {"type":"icontains","value":"{{expected}}","weight":2},
               {"type":"not-starts-with","value":"Sure"},
               {"type":"llm-rubric","value":"asks a human for approval","threshold":0.7},
               {"type":"latency","threshold":2000},
               {"type":"contains-all","value":["refund","240"]},
               {"type":"icontains-any","value":"approval, colleague"},
               {"type":"is-json","value":{"type":"object"}},
               {"type":"equals","value":{"status":"pending"}},
               {"type":"javascript","value":"output.length < 100"},
               {"type":"python","value":"len(output) < 100"},
               {"type":"similar","value":"I need approval","threshold":0.8},
               {"type":"cost","threshold":0.01},
               {"type":"moderation"},
               {"type":"contains-json"},
               {"type":"contains","value":"x","transform":"output.toUpperCase()"},
               {"type":"contains","value":"{{missing}}"},
               {"type":"regex","value":"\\u{1F600}"}
             ]}
            """));
        var candidate = Assert.Single(Valid(path).Candidates);

        Assert.Equal("refund-over-the-limit", candidate.Case.Id);
        Assert.Equal("Refund: over the limit!", candidate.Case.Description);
        Assert.Equal(["refunds"], candidate.Case.Slices);
        Assert.Equal(Severity.Critical, candidate.Case.Severity);
        Assert.Equal(
        [
            ("icontains", "approval", (double?)null), ("not-starts-with", "Sure", null), ("llm-rubric", "asks a human for approval", 0.7),
            ("latency", null, 2000), ("contains", "refund", null), ("contains", "240", null), ("regex", "(?i)approval|colleague", null),
            ("is-json", """{"type":"object"}""", null), ("equals", """{"status":"pending"}""", null),
        ], candidate.Case.Assertions.Select(Shape));
        Assert.Equal(2, candidate.Case.Assertions[0].Weight);
        Assert.Equal(
        [
            "the 'javascript' assertion has no ReleaseGate equivalent and is left out.",
            "the 'python' assertion has no ReleaseGate equivalent and is left out.",
            "the 'similar' assertion has no ReleaseGate equivalent and is left out.",
            "the 'cost' assertion has no ReleaseGate equivalent and is left out.",
            "the 'moderation' assertion has no ReleaseGate equivalent and is left out.",
            "the 'contains-json' assertion has no ReleaseGate equivalent and is left out.",
            "the 'contains' assertion applies a 'transform', which ReleaseGate cannot run; it is left out.",
            "the 'contains' assertion's value reads a variable the test does not have; it is left out.",
        ], candidate.Warnings.Take(8));
        Assert.StartsWith("the 'regex' assertion cannot be carried over (", candidate.Warnings[8], StringComparison.Ordinal);
        Assert.Equal("the slice 'Large refunds' is not a valid name (letters, digits, '.', '_' and '-', starting with a letter or a digit) and is left out.", candidate.Warnings[9]);
        Assert.Equal(10, candidate.Warnings.Count);

        // What the importer proposes loads as a suite case: the bank can replay it.
        var suite = new Suite { File = path, Name = "regressions", UserPrompt = "{{q}}", Cases = [candidate.Case] };
        var loaded = SuiteLoader.Load(suite, [], haveJudge: true);
        Assert.True(loaded.Success, string.Join("\n", loaded.Errors));
    }

    [Fact]
    public void A_test_left_without_assertions_is_not_banked_and_ids_stay_unique_and_valid()
    {
        var path = File(
            Failed("""{"description":"Same name","vars":{"q":"a"},"assert":[{"type":"javascript","value":"false"}]}"""),
            Failed("""{"description":"Same name","vars":{"q":"b"},"assert":[{"type":"contains","value":"b"}]}"""),
            Failed("""{"description":"Same name","vars":{"q":"c"},"assert":[{"type":"contains","value":"c"}]}"""),
            Failed("""{"vars":{"q":"Où est ma commande ?"},"assert":[{"type":"contains","value":"x"}]}"""),
            Failed("""{"description":"???","vars":{"q":"d"},"assert":[{"type":"contains","value":"d"}]}"""));
        var import = Valid(path);

        Assert.Equal(["same-name", "same-name-2", "vars-q-o-est-ma-commande", "promptfoo"], import.Candidates.Select(c => c.Case.Id));
        Assert.StartsWith("result 1 (r-", Assert.Single(import.Warnings), StringComparison.Ordinal);
        Assert.Contains("is left out: none of its assertions has a ReleaseGate equivalent", import.Warnings[0], StringComparison.Ordinal);
    }

    [Fact]
    public void A_test_without_variables_keeps_its_recorded_prompt_as_its_conversation()
    {
        var path = File(Failed("""{"assert":[{"type":"icontains","value":"refund"}]}""", raw: "Customer question: my parcel is late"));
        var candidate = Assert.Single(Valid(path).Candidates);

        Assert.Equal("customer-question-my-parcel-is-late", candidate.Case.Id);
        Assert.Equal("Customer question: my parcel is late", candidate.Case.Description);
        var turn = Assert.Single(candidate.Case.Messages!);
        Assert.Equal(("user", "Customer question: my parcel is late"), (turn.Role, turn.Content));
        Assert.Empty(candidate.Case.Vars);

        // A suite without prompts replays it.
        Assert.True(SuiteLoader.Load(new Suite { File = path, Name = "regressions", Cases = [candidate.Case] }, [], haveJudge: false).Success);
    }

    [Fact]
    public void A_file_that_is_not_promptfoo_results_is_the_same_error_as_for_the_results_importer()
    {
        var path = Temp("results.json", """{"results":{"version":3,"results":[{"provider":{"id":"echo"}}]}}""");

        var error = Assert.Single(PromptfooFailures.Read(path, "results.json").Errors);

        Assert.Equal(ErrorCodes.ImportPromptfoo, error.Code);
        Assert.Equal("results.json:1:36: RG1470: 'success' of a promptfoo result must be true or false.", error.ToString());
    }
}
