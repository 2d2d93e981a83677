using System.Text;
using ReleaseGate.Core.Formats;
using ReleaseGate.Runner.Prompts;
using ReleaseGate.Runner.Suites;
using Xunit;

namespace ReleaseGate.Runner.Tests.Suites;

public sealed class CaseLineCheckTests : IDisposable
{
    private const string Header = """
        apiVersion: releasegate/v1
        kind: Suite
        name: s
        prompts:
          system: "You help {{customer}}."
          user: "{{message}}"
        defaults:
          vars: { customer: anonymous }
          assert:
            - { type: icontains, value: sorry, weight: 0 }
        """;

    private readonly RunnerFixture _fixture = new();

    public void Dispose() => _fixture.Dispose();

    [Theory]
    [InlineData("""{"id": "c0", "slices": ["s0"], "vars": {"word": "w0", "message": "m"}, "assert": [{"type": "contains", "value": "w0"}, {"type": "equals", "value": "Repeat after me: w0"}, {"type": "regex", "value": "^Repeat after me: w[0-9]+$"}]}""")]
    [InlineData("""{"id":"refund-001","description":"returned item","slices":["refunds"],"severity":"high","vars":{"customer":"Maya","tier":"gold","n":3,"ok":true,"none":null,"message":"When do I get my \u0024268.83 back?"},"assert":[{"type":"not-icontains","value":"sorry","weight":2,"metric":"tone"},{"type":"equals","value":""},{"type":"starts-with","value":"Hi"}]}""")]
    [InlineData("""  {"vars":{"message":"m"},"id":"x"}  """)]
    public void It_accepts_plainly_valid_cases(string line)
    {
        Assert.True(Check().Accepts(Encoding.UTF8.GetBytes(line), out _));
    }

    [Theory]
    [InlineData("""{"id":"x"}""")] // the prompt's variable is missing
    [InlineData("""{"id":"x","vars":{"message":"m","message":"n"}}""")]
    [InlineData("""{"id":"x","vars":{"message":{"a":1}}}""")]
    [InlineData("""{"id":"x","vars":{"mess\u0061ge":"m"}}""")]
    [InlineData("""{"id":"\u0078","vars":{"message":"m"}}""")]
    [InlineData("""{"id":"","vars":{"message":"m"}}""")]
    [InlineData("""{"id":"x","vars":{"message":"m"},"assert":[{"type":"contains","value":""}]}""")]
    [InlineData("""{"id":"x","vars":{"message":"m"},"assert":[{"type":"regex","value":"("}]}""")]
    [InlineData("""{"id":"x","vars":{"message":"m"},"assert":[{"type":"contains","value":1}]}""")]
    [InlineData("""{"id":"x","vars":{"message":"m"},"assert":[{"type":"contains","value":"a","threshold":0.5}]}""")]
    [InlineData("""{"id":"x","vars":{"message":"m"},"assert":[{"type":"is-json"}]}""")]
    [InlineData("""{"id":"x","vars":{"message":"m"},"assert":[{"type":"contains","value":"a","weight":-1}]}""")]
    [InlineData("""{"id":"x","vars":{"message":"m"},"slices":["a/b"]}""")]
    [InlineData("""{"id":"x","vars":{"message":"m"},"severity":"urgent"}""")]
    [InlineData("""{"id":"x","vars":{"message":"m"},"description":null}""")]
    [InlineData("""{"id":"x","vars":{"message":"m"},"colour":"red"}""")]
    [InlineData("""{"id":"x","vars":{"message":"m"}} {"id":"y"}""")]
    [InlineData("""{"id":"x","vars":{"message":"m"},}""")]
    [InlineData("""["id"]""")]
    public void It_leaves_anything_else_to_the_full_check(string line)
    {
        Assert.False(Check().Accepts(Encoding.UTF8.GetBytes(line), out _));
    }

    [Fact]
    public void A_suite_that_reads_nested_variables_gets_no_quick_path()
    {
        var suite = new Core.Model.Suite { File = "s.yaml", Name = "s" };
        var template = PromptTemplate.Parse("{{customer.name}}", default, new List<Core.Diagnostics.GateError>())!;

        Assert.Null(CaseLineCheck.For(suite, [template]));
    }

    [Fact]
    public void Random_lines_get_the_same_verdicts_with_the_quick_path_as_without_it()
    {
        // Valid cases with one or two random changes each: whatever the quick path accepts, the full check finds nothing
        // wrong with on its own; and a whole file of them gets the same errors either way, duplicates included.
        var random = new Random(1127);
        var lines = new List<string>();
        for (var i = 0; i < 3000; i++)
        {
            var line = Mutate(Mutate(Valid(random, i), random), random);
            lines.Add(line);
            if (i % 10 == 0 && Check().Accepts(Encoding.UTF8.GetBytes(line), out _))
            {
                Assert.True(Load([line], quick: false).Success, line);
            }
        }

        var quick = Load(lines, quick: true);
        var full = Load(lines, quick: false);

        Assert.Equal(full.Errors.Select(e => e.ToString()), quick.Errors.Select(e => e.ToString()));
        Assert.Contains(quick.Errors, e => e.Code == "RG1012");
        Assert.True(lines.Count(l => Check().Accepts(Encoding.UTF8.GetBytes(l), out _)) > 500);
    }

    private static string Valid(Random random, int i)
    {
        string[] assertions =
        [
            """{"type":"contains","value":"w"}""", """{"type":"equals","value":"Repeat"}""", """{"type":"regex","value":"^R[a-z]+$"}""",
            """{"type":"not-starts-with","value":"No","weight":0.5}""", """{"type":"icontains","value":"OK","metric":"m"}""",
        ];
        var picked = string.Join(',', Enumerable.Range(0, random.Next(4)).Select(_ => assertions[random.Next(assertions.Length)]));
        return $$"""{"id":"c{{random.Next(i + 1)}}","slices":["s{{i % 5}}"],"severity":"low","vars":{"message":"m{{i}}","n":{{i}}},"assert":[{{picked}}]}""";
    }

    private static string Mutate(string line, Random random) => random.Next(16) switch
    {
        0 => line.Replace("\"message\"", "\"note\"", StringComparison.Ordinal),
        1 => line.Replace("\"n\":", "\"message\":", StringComparison.Ordinal),
        2 => line.Replace("\"low\"", "\"urgent\"", StringComparison.Ordinal),
        3 => line.Replace("\"w\"", "\"\"", StringComparison.Ordinal),
        4 => line.Replace("^R[a-z]+$", "(", StringComparison.Ordinal),
        5 => line.Replace("\"weight\":0.5", "\"weight\":-2", StringComparison.Ordinal),
        6 => line.Replace("\"contains\"", "\"containz\"", StringComparison.Ordinal),
        7 => line.Replace("\"value\":\"Repeat\"", "\"value\":null", StringComparison.Ordinal),
        8 => line.Replace("\"s", "\"s/", StringComparison.Ordinal),
        9 => line[..^1] + ",\"threshold\":1}",
        10 => line.Replace("\"value\":\"w\"", "\"value\":\"w\",\"threshold\":0.5", StringComparison.Ordinal),
        11 => line.Replace("{\"message\"", "{\"message\":{\"deep\":1},\"x\"", StringComparison.Ordinal),
        12 => line[..random.Next(line.Length)],
        13 => line.Replace("\"id\":\"c", "\"id\":\"\\u0063", StringComparison.Ordinal),
        _ => line,
    };

    private CaseLineCheck Check()
    {
        var path = _fixture.Write("suite.yaml", Header);
        var suite = SuiteParser.Parse(File.ReadAllText(path), path).GetValueOrThrow();
        var errors = new List<Core.Diagnostics.GateError>();
        return CaseLineCheck.For(suite, [PromptTemplate.Parse(suite.SystemPrompt!, default, errors)!, PromptTemplate.Parse(suite.UserPrompt!, default, errors)!])!;
    }

    private Core.Diagnostics.ParseResult<RunnableSuite> Load(IEnumerable<string> lines, bool quick)
    {
        _fixture.Write("cases.jsonl", string.Join('\n', lines) + "\n");
        var path = _fixture.Write("suite.yaml", Header + "\ncase_files: [cases.jsonl]\n");
        return SuiteLoader.Load(File.ReadAllText(path), path, [], haveJudge: false, quick);
    }
}
