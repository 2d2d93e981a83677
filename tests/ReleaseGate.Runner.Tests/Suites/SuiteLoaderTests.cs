using System.Text;
using ReleaseGate.Core.Diagnostics;
using ReleaseGate.Core.Formats;
using ReleaseGate.Runner.Suites;
using Xunit;

namespace ReleaseGate.Runner.Tests.Suites;

public sealed class SuiteLoaderTests : IDisposable
{
    private readonly RunnerFixture _fixture = new();

    public void Dispose() => _fixture.Dispose();

    private const string Header = """
        apiVersion: releasegate/v1
        kind: Suite
        name: s
        prompts:
          user: "{{customer}}: {{message}}"
        defaults:
          slices: [general]
          vars: { customer: anonymous }
        """;

    [Fact]
    public void Csv_case_files_give_ids_slices_severities_variables_and_promptfoo_assertions()
    {
        _fixture.Write("cases.csv", "id,message,severity,slices,__expected,__expected1\n"
            + "r1,\"Broken, refund \"\"now\"\"\",high,refunds;urgent,icontains: refund,Hello\n"
            + "r2,\"two\nlines\",,,,\n");
        var suite = RunnerFixture.Load(_fixture.Write("suite.yaml", Header + "\ncase_files: [cases.csv]\n"));

        var cases = suite.Cases().ToList();
        Assert.Equal(2, suite.CaseCount);
        var r1 = cases[0].Case;
        Assert.Equal("Broken, refund \"now\"", (string)r1.Vars["message"]!);
        Assert.Equal("anonymous", (string)r1.Vars["customer"]!);
        Assert.Equal(["refunds", "urgent"], r1.Slices);
        Assert.Equal(Core.Model.Severity.High, r1.Severity);
        Assert.Equal(["icontains", "equals"], r1.Assertions.Select(a => a.Type));
        Assert.Equal("refund", (string)r1.Assertions[0].Value!);
        var r2 = cases[1].Case;
        Assert.Equal("two\nlines", (string)r2.Vars["message"]!);
        Assert.Equal(["general"], r2.Slices);
        Assert.Equal(3, r2.Location.Line);
    }

    [Fact]
    public void Every_problem_of_every_case_file_is_reported_before_anything_runs()
    {
        _fixture.Write("a.jsonl", """
            {"id":"j1","vars":{"message":"hi"}}
            {"id":"j2","vars":{"custmer":"x"}}
            {"id":"j1","vars":{"message":"again"}}
            {"id":"j3","vars":{"message":"x"},"assert":[{"type":"regex","value":"("}]}
            {"id":"j4","vars":{"message":"x"},"assert":[{"type":"llm-rubric","value":"polite"}]}
            """);
        _fixture.Write("b.csv", "id,message\nc1,ok\nc2,\"open\n");
        var path = _fixture.Write("suite.yaml", Header + "\ncase_files: [a.jsonl, b.csv, missing.jsonl]\n");

        var result = SuiteLoader.Load(File.ReadAllText(path), path, [], haveJudge: false);

        var folder = _fixture.Folder;
        Assert.Equal(
            [
                $"{folder}/a.jsonl:2:1: RG1401",
                $"{folder}/a.jsonl:3:1: RG1012",
                $"{folder}/a.jsonl:4:",
                $"{folder}/a.jsonl:5:1: RG1405",
                $"{folder}/b.csv:3:1: RG1403",
                $"{path}: RG1201",
            ],
            result.Errors.Select(e => e.Code == "RG1451" ? $"{e.Location.File}:{e.Location.Line}:" : $"{e.Location}: {e.Code}"));
    }

    [Fact]
    public void Checking_a_large_case_file_on_every_core_reports_what_the_full_reading_reports_in_line_order()
    {
        // 5,000 lines: several blocks of the parallel check, with lines the quick readers leave to the located reader
        // (unparseable, unknown keys), duplicate ids, uncompilable assertions and cases without the prompt's variable
        // spread over them, and blank lines.
        var lines = Enumerable.Range(1, 5000).Select(i => (i % 997) switch
        {
            0 => "{\"id\": \"broken\"",
            1 when i > 1 => $"{{\"id\":\"c{i}\",\"vars\":{{\"message\":\"m\"}},\"colour\":\"red\"}}",
            2 when i > 5 => $"{{\"id\":\"c{i - 5}\",\"vars\":{{\"message\":\"m\"}}}}",
            3 => $"{{\"id\":\"c{i}\",\"vars\":{{\"message\":\"m\"}},\"assert\":[{{\"type\":\"regex\",\"value\":\"(\"}}]}}",
            4 => "",
            5 => $"{{\"id\":\"c{i}\"}}",
            6 => $"{{\"id\":\"c{i}\",\"vars\":{{\"message\":{{\"nested\":true}}}}}}",
            _ => $"{{\"id\":\"c{i}\",\"slices\":[\"s{i % 7}\"],\"vars\":{{\"message\":\"m{i}\"}},\"assert\":[{{\"type\":\"contains\",\"value\":\"m{i}\"}}]}}",
        });
        _fixture.Write("big.jsonl", string.Join('\n', lines) + "\n");
        var path = _fixture.Write("suite.yaml", Header + "\ncase_files: [big.jsonl]\n");

        var quick = SuiteLoader.Load(File.ReadAllText(path), path, [], haveJudge: false, quick: true);
        var full = SuiteLoader.Load(File.ReadAllText(path), path, [], haveJudge: false, quick: false);

        Assert.Equal(full.Errors.Select(e => e.ToString()), quick.Errors.Select(e => e.ToString()));
        var reported = quick.Errors.Select(e => e.Location.Line).ToList();
        Assert.Equal(reported.Order(), reported);
        Assert.Equal(5, quick.Errors.Count(e => e.Code == "RG1012"));
        Assert.Equal(6, quick.Errors.Count(e => e.Code == "RG1451"));
        Assert.Equal(6, quick.Errors.Count(e => e.Code == "RG1401"));
    }

    [Fact]
    public void Hostile_case_lines_are_errors_with_their_place_in_both_readers()
    {
        // Issue 16: invalid UTF-8, nesting past the limit, a line over the limit (skipped unbuffered), an alias bomb.
        var bomb = "{\"id\":\"bomb\",\"vars\":{\"message\":\"m\",\"x\":&a [1,1,1,1,1,1,1,1,1,1]"
            + string.Concat(Enumerable.Range(1, 7).Select(l => $",\"y{l}\":&a{l} [" + string.Join(',', Enumerable.Repeat(l == 1 ? "*a" : $"*a{l - 1}", 10)) + "]")) + "}}";
        var bytes = new List<byte>();
        bytes.AddRange(Encoding.UTF8.GetBytes("{\"id\":\"ok1\",\"vars\":{\"message\":\"m\"}}\n{\"id\":\"bad\",\"vars\":{\"message\":\"m"));
        bytes.Add(0xFF);
        bytes.AddRange(Encoding.UTF8.GetBytes("\"}}\n"));
        bytes.AddRange(Encoding.UTF8.GetBytes("{\"id\":\"deep\",\"vars\":{\"message\":\"m\",\"x\":" + new string('[', 70) + new string(']', 70) + "}}\n"));
        bytes.AddRange(Encoding.UTF8.GetBytes("{\"id\":\"long\",\"vars\":{\"message\":\"" + new string('x', InputLimits.MaxJsonLineBytes + 10) + "\"}}\r\n"));
        bytes.AddRange(Encoding.UTF8.GetBytes(bomb + "\n{\"id\":\"ok2\",\"vars\":{\"message\":\"m\"}}\n"));
        bytes.AddRange(Encoding.UTF8.GetBytes("{\"id\":\"inf\",\"vars\":{\"message\":\"m\",\"n\":1e999}}\n{\"id\":\"nan\",\"vars\":{\"message\":\"m\",\"n\":.nan}}\n"));
        bytes.AddRange(Encoding.UTF8.GetBytes("{\"id\":\"big\",\"vars\":{\"message\":\"m\"},\"assert\":[{\"type\":\"numeric\",\"value\":1,\"threshold\":1e999}]}\n"));
        File.WriteAllBytes(Path.Combine(_fixture.Folder, "hostile.jsonl"), [.. bytes]);
        var path = _fixture.Write("suite.yaml", Header + "\ncase_files: [hostile.jsonl]\n");

        var quick = SuiteLoader.Load(File.ReadAllText(path), path, [], haveJudge: false, quick: true);
        var full = SuiteLoader.Load(File.ReadAllText(path), path, [], haveJudge: false, quick: false);

        Assert.Equal(full.Errors.Select(e => e.ToString()), quick.Errors.Select(e => e.ToString()));
        Assert.Equal(
            [("RG1026", 2, 33), ("RG1021", 3, 102), ("RG1105", 4, 0), ("RG1023", 5, 0), ("RG1027", 7, 0), ("RG1027", 8, 0), ("RG1027", 9, 0)],
            quick.Errors.Select(e => (e.Code, e.Location.Line, e.Code is "RG1023" or "RG1027" ? 0 : e.Location.Column)));
    }

    [Fact]
    public void A_targets_system_prompt_is_checked_against_every_case_too()
    {
        var path = _fixture.Write("suite.yaml", Header + "\ncases:\n  - { id: c1, vars: { message: hi } }\n");

        var result = SuiteLoader.Load(File.ReadAllText(path), path, [("You serve {{tier}} customers.", new SourceLocation("targets.yaml", 4, 5))], false);

        Assert.Equal("RG1401", Assert.Single(result.Errors).Code);
        Assert.Contains("'{{tier}}'", result.Errors[0].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_fast_reader_reads_the_example_case_file_exactly_as_the_located_reader_does()
    {
        var root = FindRoot();
        var suitePath = Path.Combine(root, "examples/support-agent/suites/support-core.yaml");
        var suite = SuiteParser.Parse(File.ReadAllText(suitePath), suitePath).GetValueOrThrow();
        var casePath = Path.Combine(root, "examples/support-agent/suites/cases/support-core.jsonl");
        var lineNumber = 0;
        foreach (var line in File.ReadLines(casePath))
        {
            lineNumber++;
            var slow = SuiteParser.ReadCaseLine(suite, line, casePath, lineNumber, new List<GateError>())!;
            var fast = CaseLineReader.TryReadPlain(suite, Encoding.UTF8.GetBytes(line), casePath, lineNumber)!;
            Assert.NotNull(fast);
            Assert.Equal(slow.Id, fast.Id);
            Assert.Equal(slow.Slices, fast.Slices);
            Assert.Equal(slow.Severity, fast.Severity);
            Assert.Equal(slow.Vars.ToJsonString(), fast.Vars.ToJsonString());
            Assert.Equal(slow.Assertions.Select(a => (a.Type, a.Value?.ToJsonString(), a.Threshold, a.Weight)), fast.Assertions.Select(a => (a.Type, a.Value?.ToJsonString(), a.Threshold, a.Weight)));
        }

        Assert.Equal(300, lineNumber);
    }

    [Theory]
    [InlineData("""{"id":"x","slices":["a/b"]}""")]
    [InlineData("""{"id":"x","severity":"urgent"}""")]
    [InlineData("""{"id":"x","unknown":1}""")]
    [InlineData("""{"id":"x","assert":[{"type":"containz","value":"a"}]}""")]
    [InlineData("""{"id":"x","assert":[{"type":"contains","weight":-1}]}""")]
    [InlineData("""{"id":"","vars":{}}""")]
    [InlineData("""not json""")]
    [InlineData("""{"id":"x","id":"y"}""")]
    [InlineData("""{"id":"x","vars":{"a":1,"a":2}}""")]
    [InlineData("""{"id":"x","vars":{"a":{"b":1,"b":2}}}""")]
    [InlineData("""{"id":"x","severity":null}""")]
    [InlineData("""{"id":"x","slices":null}""")]
    [InlineData("""{"id":"x","vars":[]}""")]
    [InlineData("""{"id":"x","assert":[{"type":"contains","threshold":null}]}""")]
    [InlineData("""{"id":"x","assert":[{"type":"contains","type":"equals"}]}""")]
    [InlineData("""{"id":"x","assert":[{"value":"a"}]}""")]
    [InlineData("""{"id":"x","assert":[{"type":"contains","weight":1e400}]}""")]
    [InlineData("""{"id":"x"} {"id":"y"}""")]
    [InlineData("""{"id":"x",}""")]
    [InlineData("""{"id":7}""")]
    [InlineData("""["id"]""")]
    public void The_fast_reader_leaves_anything_unusual_to_the_located_reader(string line)
    {
        var suite = new Core.Model.Suite { File = "s.yaml", Name = "s" };

        Assert.Null(CaseLineReader.TryReadPlain(suite, Encoding.UTF8.GetBytes(line), "c.jsonl", 1));
    }

    [Fact]
    public void The_fast_reader_keeps_values_as_written_and_merges_the_defaults()
    {
        var suitePath = _fixture.Write("suite.yaml", Header + "\ncase_files: [c.jsonl]\n");
        var suite = SuiteParser.Parse(File.ReadAllText(suitePath), suitePath).GetValueOrThrow();
        const string line = """{"id":"c1","description":"any thing","severity":"high","slices":["a","b"],"vars":{"message":"h\u00e9 \"there\"","n":1.50,"ok":true,"list":[1,"x",null]},"assert":[{"type":"equals","value":{"k":["v"]},"threshold":0.5,"weight":2,"metric":"m"},{"type":"contains","value":null}]}""";

        var fast = CaseLineReader.TryReadPlain(suite, Encoding.UTF8.GetBytes(line), "c.jsonl", 7)!;
        var slow = SuiteParser.ReadCaseLine(suite, line, "c.jsonl", 7, new List<GateError>())!;

        Assert.Equal("""{"message":"h\u00E9 \u0022there\u0022","n":1.50,"ok":true,"list":[1,"x",null],"customer":"anonymous"}""", fast.Vars.ToJsonString());
        Assert.Equal(slow.Id, fast.Id);
        Assert.Equal(slow.Slices, fast.Slices);
        Assert.Equal(slow.Severity, fast.Severity);
        Assert.Equal(slow.Vars.Select(p => p.Key), fast.Vars.Select(p => p.Key));
        Assert.Equal(
            slow.Assertions.Select(a => (a.Type, a.Value?.ToJsonString(), a.Threshold, a.Weight)),
            fast.Assertions.Select(a => (a.Type, a.Value?.ToJsonString(), a.Threshold, a.Weight)));
        Assert.Equal(new SourceLocation("c.jsonl", 7, 1), fast.Location);
    }

    [Fact]
    public void An_assertion_error_in_a_line_the_fast_reader_read_names_the_assertions_own_column()
    {
        const string line = """{"id":"j1","vars":{"message":"x"},"assert":[{"type":"contains","value":"a"},{"type":"regex","value":"("}]}""";
        _fixture.Write("a.jsonl", line + "\n");
        var path = _fixture.Write("suite.yaml", Header + "\ncase_files: [a.jsonl]\n");

        var result = SuiteLoader.Load(File.ReadAllText(path), path, [], haveJudge: false);

        var error = Assert.Single(result.Errors);
        Assert.Equal("RG1451", error.Code);
        Assert.Equal(1, error.Location.Line);
        Assert.Equal(line.IndexOf("{\"type\":\"regex\"", StringComparison.Ordinal) + 1, error.Location.Column);
    }

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "ReleaseGate.slnx")))
        {
            dir = dir.Parent;
        }

        return dir!.FullName;
    }
}
