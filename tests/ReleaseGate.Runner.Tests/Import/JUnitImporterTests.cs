using System.Text;
using ReleaseGate.Core.Diagnostics;
using ReleaseGate.Runner.Import;
using Xunit;
using static ReleaseGate.Runner.Tests.Import.ImportHarness;

namespace ReleaseGate.Runner.Tests.Import;

public sealed class JUnitImporterTests
{
    private static readonly ImportOptions Options = new("unit-tests");

    [Fact]
    public void Pytest_report_maps_every_outcome()
    {
        var imported = Run(JUnitImporter.Import, Fixture("junit", "pytest.xml"), Options);

        Assert.True(imported.Result.Success, string.Join("\n", imported.Result.Errors));
        Assert.Equal(new ImportSummary(7, 3, 1, 3, 0), imported.Result.Value);
        var pass = imported.Line("test_support_agent.test_refund_mentions_refund");
        Assert.True((bool)pass["pass"]!);
        Assert.Null(pass["error"]);
        Assert.Equal("unit-tests", (string)pass["suite"]!);
        Assert.Equal("candidate", (string)pass["target"]!);
        Assert.Equal(1.0, (double)pass["latency_ms"]!, 6);

        var failed = imported.Line("test_support_agent.test_price_is_in_euros");
        Assert.False((bool)failed["pass"]!);
        Assert.Null(failed["error"]);
        Assert.StartsWith("AssertionError: expected a price in USD", (string)failed["assertions"]![0]!["reason"]!, StringComparison.Ordinal);

        var errored = imported.Line("test_support_agent.test_uses_knowledge_base");
        Assert.Equal("failed on setup with \"ConnectionError: knowledge base unreachable\"", (string)errored["error"]!);
        Assert.Null(errored["pass"]);

        Assert.Equal("skipped: shipping questions are not covered yet", (string)imported.Line("test_support_agent.test_shipping")["error"]!);
        Assert.Equal("skipped: pytest.xfail: known gap: greetings", (string)imported.Line("test_support_agent.test_greeting")["error"]!);
        Assert.True((bool)imported.Line("test_support_agent.TestEscalation.test_escalates[speak to a manager <now> & \"fast\"]")["pass"]!);
    }

    [Fact]
    public void Imported_lines_are_escaped_as_eval_run_writes_them_and_read_back_unchanged()
    {
        // One results writer: non-ASCII and HTML-sensitive characters are written as they are, not as \u escapes, as in
        // eval run's results; a quote and control characters are still escaped, so each result stays one JSON line.
        var xml = "<testsuite name=\"s\"><testcase classname=\"t\" name=\"caf\u00e9 &lt;b&gt; &amp; 'q'\"><failure message=\"l\u00e0 &quot;x&quot;&#10;y\"/></testcase></testsuite>";
        var imported = Run(JUnitImporter.Import, Temp("report.xml", xml), Options);

        Assert.True(imported.Result.Success, string.Join("\n", imported.Result.Errors));
        Assert.Contains("\"case\":\"t.caf\u00e9 <b> & 'q'\"", imported.Text, StringComparison.Ordinal);
        Assert.Contains("l\u00e0 \\\"x\\\"\\ny", imported.Text, StringComparison.Ordinal);
        Assert.Single(imported.Text.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        var read = ReadBack(imported.Text);
        Assert.Equal(["t.caf\u00e9 <b> & 'q'"], read.Candidate.Suites["unit-tests"].Cases.Keys);
    }

    [Fact]
    public void Node_report_names_cases_by_their_nested_suites()
    {
        var imported = Run(JUnitImporter.Import, Fixture("junit", "node.xml"), Options);

        Assert.True(imported.Result.Success);
        Assert.Equal(
            ["refunds/test.confirms the refund", "refunds/test.gives an order number", "refunds/edge cases/test.empty question", "shipping/test.tracks parcels", "shipping/test.estimates delivery", "test.top-level check"],
            imported.Lines.Select(l => (string)l["case"]!));
        Assert.False((bool)imported.Line("refunds/test.gives an order number")["pass"]!);
        Assert.StartsWith("testCodeFailure: The input did not match", (string)imported.Line("refunds/test.gives an order number")["assertions"]![0]!["reason"]!, StringComparison.Ordinal);
        Assert.Equal("skipped: todo: write it", (string)imported.Line("shipping/test.estimates delivery")["error"]!);
    }

    [Fact]
    public void Ctest_report_maps_timeouts_disabled_and_skipped_tests()
    {
        var imported = Run(JUnitImporter.Import, Fixture("junit", "ctest.xml"), Options);

        Assert.True(imported.Result.Success);
        Assert.Equal(new ImportSummary(5, 1, 2, 2, 0), imported.Result.Value);
        Assert.True((bool)imported.Line("refund_reply_mentions_refund")["pass"]!);
        Assert.False((bool)imported.Line("slow_knowledge_base")["pass"]!);
        Assert.Equal("skipped (disabled)", (string)imported.Line("shipping_not_ready")["error"]!);
        Assert.Equal("skipped: SKIP_RETURN_CODE=77", (string)imported.Line("escalation_skipped")["error"]!);
    }

    [Fact]
    public void Skipped_tests_can_be_left_out()
    {
        var imported = Run(JUnitImporter.Import, Fixture("junit", "pytest.xml"), Options with { OmitSkipped = true, Target = "baseline" });

        Assert.Equal(new ImportSummary(5, 3, 1, 1, 2), imported.Result.Value);
        Assert.All(imported.Lines, l => Assert.Equal("baseline", (string)l["target"]!));
    }

    [Theory]
    [InlineData("pytest.xml", 7)]
    [InlineData("node.xml", 6)]
    [InlineData("ctest.xml", 5)]
    public void Check_reads_every_imported_line(string file, int cases)
    {
        var imported = Run(JUnitImporter.Import, Fixture("junit", file), Options);

        var reader = ReadBack(imported.Text);

        var suite = reader.Candidate.Suites["unit-tests"];
        Assert.Equal(cases, suite.Cases.Count);
        Assert.Equal(imported.Result.Value!.Passed, suite.Cases.Values.Sum(c => c.Passed));
        Assert.Equal(imported.Result.Value.Failed, suite.Cases.Values.Sum(c => c.Failed));
        Assert.Equal(imported.Result.Value.Errored, suite.Cases.Values.Sum(c => c.Errored));
    }

    [Theory]
    [InlineData("<testsuite><testcase name=\"a\"></testsuite>", 1, 33, "the file is not well-formed XML: The 'testcase' start tag on line 1 position 13 does not match the end tag of 'testsuite'. A JUnit report is an XML file such as pytest --junitxml or Maven Surefire writes.")]
    [InlineData("<?xml version=\"1.0\"?>\n<results>\n</results>", 2, 2, "the root element is <results>, but a JUnit report starts with <testsuites> or <testsuite>.")]
    [InlineData("<testsuites>\n  <testsuite name=\"s\">\n    <testcase classname=\"c\"/>\n  </testsuite>\n</testsuites>", 3, 6, "a <testcase> has no 'name' attribute; every test case needs a name to become a case id.")]
    [InlineData("<!DOCTYPE lolz [<!ENTITY lol \"lol\">]>\n<testsuite><testcase name=\"&lol;\"/></testsuite>", 1, 1, "the file declares a DTD, which JUnit reports never need and which is not read for safety; remove the <!DOCTYPE> declaration.")]
    public void Bad_reports_are_located_and_nothing_is_written(string xml, int line, int column, string message)
    {
        var path = Temp("report.xml", xml);

        var imported = Run(JUnitImporter.Import, path, Options);

        var error = Assert.Single(imported.Result.Errors);
        Assert.Equal(ErrorCodes.ImportJUnit, error.Code);
        Assert.Equal(new SourceLocation("report.xml", line, column), error.Location);
        Assert.Equal(message, error.Message);
        Assert.Equal("", imported.Text);
    }

    [Fact]
    public void A_report_without_tests_is_an_error()
    {
        var imported = Run(JUnitImporter.Import, Temp("empty.xml", "<testsuites><testsuite name=\"x\" tests=\"0\"/></testsuites>"), Options);

        Assert.Equal("empty.xml: RG1471: the report holds no <testcase>; there is nothing to import. Check that the tests ran and that this is the right file.", Assert.Single(imported.Result.Errors).ToString());
    }

    [Fact]
    public void A_missing_file_is_unreadable()
    {
        var imported = Run(JUnitImporter.Import, Path.Combine(Path.GetTempPath(), "does-not-exist-" + Guid.NewGuid() + ".xml"), Options);

        Assert.Equal(ErrorCodes.FileUnreadable, Assert.Single(imported.Result.Errors).Code);
    }

    [Fact]
    public void Huge_failure_texts_are_cut_and_big_reports_stream()
    {
        var path = Path.Combine(Path.GetTempPath(), "rg-junit-big-" + Guid.NewGuid().ToString("N") + ".xml");
        var trace = new string('x', 3_000_000);
        using (var w = new StreamWriter(path, false, new UTF8Encoding(false)))
        {
            w.Write("<testsuites><testsuite name=\"big\">");
            w.Write($"<testcase classname=\"k\" name=\"huge\"><failure message=\"\">{trace}</failure></testcase>");
            for (var i = 0; i < 50_000; i++)
            {
                w.Write($"<testcase classname=\"k\" name=\"t{i}\" time=\"0.01\"/>");
            }

            w.Write("</testsuite></testsuites>");
        }

        try
        {
            var imported = Run(JUnitImporter.Import, path, Options);

            Assert.Equal(50_001, imported.Result.Value!.Lines);
            var reason = (string)imported.Line("k.huge")["assertions"]![0]!["reason"]!;
            Assert.True(reason.Length <= 4001, $"the reason has {reason.Length} characters");
            Assert.Equal(50_001, ReadBack(imported.Text).Candidate.Suites["unit-tests"].Cases.Count);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Very_long_names_become_ids_that_fit_and_stay_distinct()
    {
        var a = new string('a', 600) + "1";
        var b = new string('a', 600) + "2";
        var path = Temp("long.xml", $"<testsuite name=\"s\"><testcase name=\"{a}\"/><testcase name=\"{b}\"/></testsuite>");

        var lines = Run(JUnitImporter.Import, path, Options).Lines;

        var ids = lines.Select(l => (string)l["case"]!).ToList();
        Assert.All(ids, id => Assert.True(Encoding.UTF8.GetByteCount(id) <= 512));
        Assert.NotEqual(ids[0], ids[1]);
    }

    [Fact]
    public void Surefire_shaped_report_keeps_reruns_that_passed_and_names_cases_by_class()
    {
        // The shape Maven Surefire writes (one TEST-*.xml per class, reruns as flakyFailure/rerunFailure), written
        // here because Maven cannot fetch its plugins on this machine.
        const string xml = """
            <?xml version="1.0" encoding="UTF-8"?>
            <testsuite name="com.example.RefundTest" time="0.05" tests="3" errors="0" skipped="0" failures="1">
              <properties><property name="java.version" value="17"/></properties>
              <testcase name="confirmsRefund" classname="com.example.RefundTest" time="0.01"/>
              <testcase name="flakyLookup" classname="com.example.RefundTest" time="0.02">
                <flakyFailure message="timeout" type="java.net.SocketTimeoutException"><![CDATA[at Lookup.call]]></flakyFailure>
              </testcase>
              <testcase name="rejectsNegativeAmount" classname="com.example.RefundTest" time="0.02">
                <failure message="expected: &lt;400&gt; but was: &lt;200&gt;" type="org.opentest4j.AssertionFailedError"><![CDATA[org.opentest4j.AssertionFailedError: expected: <400> but was: <200>]]></failure>
                <rerunFailure message="expected: &lt;400&gt; but was: &lt;200&gt;" type="org.opentest4j.AssertionFailedError"/>
                <system-out><![CDATA[log]]></system-out>
              </testcase>
            </testsuite>
            """;

        var imported = Run(JUnitImporter.Import, Temp("TEST-com.example.RefundTest.xml", xml), Options);

        Assert.Equal(["com.example.RefundTest.confirmsRefund", "com.example.RefundTest.flakyLookup", "com.example.RefundTest.rejectsNegativeAmount"], imported.Lines.Select(l => (string)l["case"]!));
        Assert.True((bool)imported.Line("com.example.RefundTest.flakyLookup")["pass"]!);
        var failed = imported.Line("com.example.RefundTest.rejectsNegativeAmount");
        Assert.False((bool)failed["pass"]!);
        Assert.Equal("org.opentest4j.AssertionFailedError: expected: <400> but was: <200>", (string)failed["assertions"]![0]!["reason"]!);
    }
}
