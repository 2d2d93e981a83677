using System.Text;
using ReleaseGate.Core.Formats;
using Xunit;

namespace ReleaseGate.Core.Tests.Formats;

/// <summary>Issue 22: a file given as results that is another kind of file is named once, with what to pass instead.</summary>
public sealed class MisplacedFileTests
{
    private static string? AsResults(string text) => MisplacedFile.AsResults(Encoding.UTF8.GetBytes(text), "f")?.ToString();

    [Theory]
    [InlineData("apiVersion: releasegate/v1\nkind: Suite\nname: core\n", "f: RG1045: this is a suite file (kind: Suite), not results JSONL; run it first with 'releasegate eval run --suite FILE --target T -o results.jsonl', then pass results.jsonl with --results.")]
    [InlineData("# the gate\napiVersion: releasegate/v1\nkind: Gate\n", "f: RG1045: this is a gate file (kind: Gate), not results JSONL; pass it with --gate, and pass the results JSONL that 'releasegate eval run' wrote (or 'releasegate import' made) with --results.")]
    [InlineData("\uFEFFapiVersion: \"releasegate/v1\"\nkind: \"Release\"\n", "f: RG1045: this is a release manifest (kind: Release), not results JSONL; pass it with --release (-r), and pass the results JSONL that 'releasegate eval run' wrote (or 'releasegate import' made) with --results.")]
    [InlineData("apiVersion: releasegate/v1\nkind: Targets\n", "f: RG1045: this is a ReleaseGate file of kind Targets, not results JSONL; pass the results JSONL that 'releasegate eval run' wrote (or 'releasegate import' made) with --results.")]
    [InlineData("{\n  \"verdict\": \"blocked\",\n  \"workflow\": \"w\",\n  \"checks\": [{\"id\": \"x\"}]\n}\n", "f: RG1045: this is a decision (what 'check --format json' or the server's API returns), not results JSONL; pass the results JSONL that 'releasegate eval run' wrote (or 'releasegate import' made) with --results.")]
    [InlineData("{\"verdict\":\"pass\",\"release\":{\"version\":\"1\"},\"checks\":[]}", "f: RG1045: this is a decision (what 'check --format json' or the server's API returns), not results JSONL; pass the results JSONL that 'releasegate eval run' wrote (or 'releasegate import' made) with --results.")]
    [InlineData("{\n  \"status\": \"complete\",\n  \"suite\": \"core\",\n  \"results\": \"core.jsonl\",\n  \"planned\": 10\n}", "f: RG1045: this is the record of an eval run (FILE.run.json), not results JSONL; pass the results file it describes (core.jsonl) with --results.")]
    [InlineData("{\"evalId\":\"e\",\"results\":{\"results\":[]},\"config\":{}}", "f: RG1045: this is a promptfoo results file, not results JSONL; turn it into results with 'releasegate import promptfoo FILE -o results.jsonl' and pass that with --results.")]
    [InlineData("<?xml version=\"1.0\"?>\n<testsuites><testsuite name=\"x\"/></testsuites>", "f: RG1045: this is a JUnit XML report, not results JSONL; turn it into results with 'releasegate import junit FILE -o results.jsonl' and pass that with --results.")]
    public void A_known_kind_of_file_is_named_with_what_to_pass_instead(string text, string expected)
    {
        Assert.Equal(expected, AsResults(text));
    }

    [Theory]
    [InlineData("{\"suite\":\"core\",\"case\":\"c1\",\"pas\":true}\n")]
    [InlineData("not json at all\n")]
    [InlineData("{\"suite\": \"core\"")]
    [InlineData("")]
    [InlineData("kind: Suite\n")]
    public void Anything_else_is_left_to_the_line_errors(string text)
    {
        Assert.Null(AsResults(text));
    }

    [Fact]
    public void A_head_cut_inside_a_large_decision_still_tells()
    {
        var big = "{\"verdict\":\"blocked\",\"checks\":[" + string.Join(',', Enumerable.Repeat("{\"id\":\"x\",\"summary\":\"" + new string('a', 500) + "\"}", 500)) + "]}";
        var head = Encoding.UTF8.GetBytes(big).AsSpan(0, MisplacedFile.HeadBytes);

        Assert.NotNull(MisplacedFile.AsResults(head, "f"));
    }

    [Fact]
    public void Results_given_as_a_release_manifest_are_named()
    {
        var head = Encoding.UTF8.GetBytes("{\"suite\":\"core\",\"case\":\"c1\",\"pass\":true}\n{\"suite\":\"core\",\"case\":\"c2\",\"pass\":false}\n");

        Assert.Equal(
            "r.jsonl: RG1045: this is a results file (JSONL), not a release manifest (kind: Release); pass it with --results.",
            MisplacedFile.AsDocument(head, "r.jsonl", "a release manifest (kind: Release)", "--results")?.ToString());
        Assert.Null(MisplacedFile.AsDocument(Encoding.UTF8.GetBytes("apiVersion: releasegate/v1\nkind: Release\n"), "r.yaml", "a release manifest (kind: Release)", "--results"));
    }
}
