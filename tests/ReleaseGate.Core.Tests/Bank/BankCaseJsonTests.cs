using ReleaseGate.Core.Bank;
using CsCheck;
using ReleaseGate.Core.Model;
using Xunit;

namespace ReleaseGate.Core.Tests.Bank;

public class BankCaseJsonTests
{
    [Fact]
    public void A_case_written_as_JSON_reads_back_to_the_same_case()
    {
        BankCaseGen.Case.Sample(c =>
        {
            var json = BankCaseJson.Write(c);
            var read = BankCaseJson.Read(json);
            Assert.True(read.Success, json + "\n" + string.Join("\n", read.Errors));
            var problems = BankCaseGen.Differences(c, read.Value, bank: false);
            Assert.True(problems.Count == 0, json + "\n" + string.Join("\n", problems));
            Assert.Null(read.Value.Bank);

            // Canonical: writing what was read gives the same text.
            Assert.Equal(json, BankCaseJson.Write(read.Value));
        }, iter: 400);
    }

    [Fact]
    public void A_provenance_written_as_JSON_reads_back_to_the_same_provenance()
    {
        BankCaseGen.Bank.Where(b => b.Provenance is not null).Select(b => b.Provenance!).Sample(p =>
        {
            var json = BankProvenanceJson.Write(p);
            var read = BankProvenanceJson.Read(json);
            Assert.True(read.Success, json + "\n" + string.Join("\n", read.Errors));
            Assert.Equal(p with { AddedAt = p.AddedAt.ToUniversalTime() }, read.Value with { AddedAt = read.Value.AddedAt.ToUniversalTime() });
            Assert.Equal(p.AddedAt.UtcTicks, read.Value.AddedAt.UtcTicks);
            Assert.Equal(json, BankProvenanceJson.Write(read.Value));
        }, iter: 300);
    }

    [Fact]
    public void The_case_JSON_has_the_suite_keys_sorted()
    {
        var c = new SuiteCase
        {
            Id = "inc-1",
            Description = "refund over the limit",
            Slices = ["refunds"],
            Severity = Severity.Critical,
            Vars = new() { ["message"] = "Refund  ORDER 17", ["amount"] = 20.5 },
            Messages = [new ChatTurn { Role = "user", Content = "hi" }],
            Assertions = [new SuiteAssertion("contains", "refund", null, 1), new SuiteAssertion("llm-rubric", "polite", 0.8, 2)],
        };

        Assert.Equal(
            """{"assert":[{"type":"contains","value":"refund"},{"threshold":0.8,"type":"llm-rubric","value":"polite","weight":2}],"description":"refund over the limit","id":"inc-1","messages":[{"content":"hi","role":"user"}],"severity":"critical","slices":["refunds"],"vars":{"amount":20.5,"message":"Refund  ORDER 17"}}""",
            BankCaseJson.Write(c));
    }

    [Theory]
    [InlineData("{\"id\":\"x\",", "RG1040", 1, 10)]
    [InlineData("[1]", "RG1040", 1, 1)]
    [InlineData("{\n  \"id\": \"x\",\n  \"severty\": \"high\"\n}", "RG1004", 3, 3)]
    [InlineData("{\"id\":\"x\",\"slices\":\"refunds\"}", "RG1006", 1, 20)]
    [InlineData("{\"vars\":{}}", "RG1005", 1, 1)]
    [InlineData("{\"id\":\"x\",\"messages\":[{\"role\":\"tool\",\"content\":\"17\",\"tool_call_id\":\"c1\"}]}", "RG1036", 1, 68)]
    [InlineData("{\"id\":\"x\",\"messages\":[]}", "RG1035", 1, 22)]
    [InlineData("{\n\t\"id\": \"x\",\n\t\"bank\": {\"state\": \"retired\"}\n}", "RG1037", 3, 20)]
    public void A_bad_case_is_refused_with_its_place_and_code(string json, string code, int line, int column)
    {
        var result = BankCaseJson.Read(json, "case");

        Assert.False(result.Success);
        var error = result.Errors[0];
        Assert.Equal((code, "case", line, column), (error.Code, error.Location.File, error.Location.Line, error.Location.Column));
    }

    [Fact]
    public void A_provenance_without_a_required_field_names_it()
    {
        var result = BankProvenanceJson.Read("""{"source":"incident","added_by":"ana","reason":"r","incidnt":"INC-1"}""");

        Assert.Equal(["RG1004", "RG1005"], result.Errors.Select(e => e.Code).Order());
        Assert.Contains(result.Errors, e => e.Message.Contains("'added_at'", StringComparison.Ordinal));
        Assert.Contains(result.Errors, e => e.Message.Contains("did you mean 'incident'?", StringComparison.Ordinal));
    }

    [Fact]
    public void A_provenance_with_a_bad_time_or_source_is_refused()
    {
        var result = BankProvenanceJson.Read("""{"source":"incidnet","added_by":"ana","added_at":"2026-11-01","reason":"r"}""");

        Assert.Equal(["RG1008", "RG1014"], result.Errors.Select(e => e.Code).Order());
        Assert.Contains(result.Errors, e => e.Message.Contains("Did you mean 'incident'?", StringComparison.Ordinal));
    }

    [Fact]
    public void Raw_characters_YAML_does_not_take_are_read_as_written()
    {
        // Valid JSON may hold DEL, C1 controls, line and paragraph separators raw in a string.
        var json = "{\"id\":\"x\",\"vars\":{\"m\":\"a\u007fb\u0085c\u2028d\u2029e\ufeff\"},\"description\":\"\U0001F600\"}";

        var read = BankCaseJson.Read(json);

        Assert.True(read.Success, string.Join("\n", read.Errors));
        Assert.Equal("a\u007fb\u0085c\u2028d\u2029e\ufeff", read.Value.Vars["m"]!.GetValue<string>());
        Assert.Equal("\U0001F600", read.Value.Description);
    }
}
