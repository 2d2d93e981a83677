using System.Security.Cryptography;
using System.Text;
using CsCheck;
using ReleaseGate.Core.Evidence;
using ReleaseGate.Core.Formats;
using Xunit;

namespace ReleaseGate.Core.Tests.Evidence;

/// <summary>
/// The fast path for plain lines must record exactly what the full reader records, and give up on everything else
/// so that the full reader reports the same errors: random lines, valid and not, are read both ways and compared.
/// </summary>
public class ResultsReaderFastPathProperties
{
    private static Gen<T> Pick<T>(params T[] values) => Gen.Int[0, values.Length - 1].Select(i => values[i]);

    private static readonly string[] s_names =
    [
        "suite", "case", "pass", "error", "target", "severity", "slices", "latency_ms", "cost", "repeat", "score", "output", "x", "",
        "\\u0073uite", "ca\\u0073e", "pa\\\"ss", "sev\u00e9rity",
    ];

    private static readonly string[] s_anyValues =
    [
        "1", "0", "-0", "-12.5e+3", "1E-2", "3.0", "01", "1.", "-", "1e", ".5", "+1", "1x", "0x10", "NaN",
        "true", "false", "null", "tru", "nul", "falsey", "True",
        "\"\"", "\"s\"", "\"t\"", "\"a/b\"", "\"\\u0061\"", "\"\\n\\t\\\\\\/\\\"\"", "\"\\x\"", "\"\\u00g1\"", "\"\\ud83d\\ude00\"",
        "\"\\ud800\"", "\"\u00e9\u4e2d\"", "\"tab\there\"", "\"" + new string('l', 600) + "\"", "\"" + new string('m', 512) + "\"",
        "{}", "[]", "[1,2]", "[1,]", "{\"a\":1,}", "{\"a\" 1}", "{\"a\":[1,{\"b\":null}],\"c\":{}}", "[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]",
        new string('[', 70) + new string(']', 70), "{\"k\":" + new string('[', 20) + new string(']', 20) + "}", "[\"a\" \"b\"]", "{1:2}",
        "\"critical\"", "\"high\"", "\"medium\"", "\"low\"", "\"LOW\"", "\"candidate\"", "\"baseline\"", "\"base\\u006cine\"",
        "[\"x\"]", "[\"x\",\"y\"]", "[\"x\",\"x\"]", "[\"\"]", "[\"a/b\"]", "[1]", "[\"\\u0078\"]", "[ \"x\" , \"z\" ]",
        "[" + string.Join(',', Enumerable.Range(0, 65).Select(i => $"\"t{i}\"")) + "]",
        "[" + string.Join(',', Enumerable.Range(0, 64).Select(i => $"\"t{i}\"")) + "]",
        // Issue 16: non-finite numbers anywhere, nesting around the depth limit.
        "1e999", "-1e999", "1E400", "1" + new string('0', 400), "[1,{\"a\":1e999}]", "123456789012345678", "1.7976931348623157e308",
        new string('[', 63) + new string(']', 63), new string('[', 64) + new string(']', 64), "{\"k\":" + new string('[', 64) + new string(']', 64) + "}",
    ];

    private static readonly Gen<string> s_whitespace = Pick("", "", "", " ", "\t", " \r ", "  ");

    private static Gen<string> Value(string name) => name switch
    {
        "suite" => Gen.Frequency((6, Pick("\"s\"", "\"t\"", "\"\u00e9\"")), (1, Pick(s_anyValues))),
        "case" => Gen.Frequency((6, Pick("\"a\"", "\"b\"", "\"c\"", "\"\u00e9\"", "\"\\u0061\"", "\"d-1\"")), (1, Pick(s_anyValues))),
        "pass" => Gen.Frequency((6, Pick("true", "false", "null")), (1, Pick(s_anyValues))),
        "error" => Gen.Frequency((3, Pick("null", "false", "\"\"", "\"timeout\"", "true", "{\"status\":503}")), (1, Pick(s_anyValues))),
        "target" => Gen.Frequency((4, Pick("\"candidate\"", "\"baseline\"")), (1, Pick(s_anyValues))),
        "severity" => Gen.Frequency((4, Pick("\"critical\"", "\"high\"", "\"medium\"", "\"low\"", "null")), (1, Pick(s_anyValues))),
        "slices" => Gen.Frequency((4, Pick("[\"x\"]", "[\"y\",\"x\"]", "[]", "null")), (1, Pick(s_anyValues))),
        "repeat" => Gen.Frequency((4, Pick("0", "1", "3", "12")), (1, Pick("-1", "1.0", "1e2", "2147483648", "999999999", "0001", "null", "\"1\"", "-0")), (1, Pick(s_anyValues))),
        "latency_ms" or "cost" => Gen.Frequency((4, Pick("812", "0", "0.25", "1.5e3", "null", "12.000001", "1E-7")), (1, Pick("-1", "\"812\"", "1e999", "true")), (1, Pick(s_anyValues))),
        _ => Gen.Frequency((3, Pick("1", "-12.5e+3", "0", "true", "null", "\"text\"", "\"\\n\\u00e9\"", "{\"a\":[1,{\"b\":null}]}", "[]")), (1, Pick(s_anyValues))),
    };

    private static readonly Gen<string> s_member =
        Gen.Frequency((6, Pick("repeat", "score", "output", "x", "latency_ms", "cost")), (1, Pick("error", "target", "severity", "slices")), (1, Pick(s_names)))
            .SelectMany(name => Gen.Select(Value(name), s_whitespace, s_whitespace, (value, w1, w2) => $"{w1}\"{name}\"{w2}:{w1}{value}{w2}"));

    private static readonly Gen<string> s_object = Gen.Select(
        Pick("suite", "case").SelectMany(_ => Gen.Select(Value("suite"), Value("case"), Value("pass"), (s, c, p) => $"\"suite\":{s},\"case\":{c},\"pass\":{p}")),
        s_member.Array[0, 4],
        Gen.Frequency((9, Gen.Const(true)), (1, Gen.Const(false))),
        Gen.Int[0, 9],
        (basic, extra, keepBasic, at) => "{" + string.Join(',', keepBasic ? [.. extra[..(at % (extra.Length + 1))], basic, .. extra[(at % (extra.Length + 1))..]] : extra) + "}");

    private static readonly Gen<byte[]> s_line = Gen.Frequency(
        (12, s_object.Select(o => Encoding.UTF8.GetBytes(o))),
        (1, Gen.Select(s_object, s_object, (a, b) => Encoding.UTF8.GetBytes(a + b))),
        (1, Gen.Select(s_object, s_whitespace, (a, w) => Encoding.UTF8.GetBytes(w + a + w + "x"))),
        (1, s_object.Select(o => Encoding.UTF8.GetBytes("[" + o + "]"))),
        (1, s_object.Select(o => Encoding.UTF8.GetBytes(" " + o + " \t"))),
        (1, s_object.Select(Gen.Int[0, 1000], (o, cut) => Encoding.UTF8.GetBytes(o[..(cut % (o.Length + 1))]))),
        (3, s_object.Select(Gen.Int[0, 1000], Pick<byte>(0xFF, 0xC3, 0x80, (byte)'"', (byte)'{', (byte)'}', (byte)'\\', (byte)',', (byte)':', (byte)' ', 0x01, (byte)'a', (byte)'['), (o, at, b) =>
        {
            var bytes = Encoding.UTF8.GetBytes(o);
            bytes[at % bytes.Length] = b;
            return bytes;
        })),
        (1, Pick("", "   ", "null", "1", "\"s\"", "{", "}", "{}").Select(s => Encoding.UTF8.GetBytes(s))));

    [Fact]
    public void The_fast_path_reads_every_line_as_the_full_reader_does()
    {
        long plain = 0, full = 0;
        Gen.Select(s_line.List[1, 12], Gen.Bool, Gen.Bool).Sample((lines, crlf, allBaseline) =>
        {
            var text = new List<byte>();
            foreach (var line in lines)
            {
                text.AddRange(line);
                text.AddRange(crlf ? "\r\n"u8.ToArray() : "\n"u8.ToArray());
            }

            var fast = new ResultsReader("r.jsonl", allBaseline);
            var fastFailure = Record.Exception(() => fast.Read(new MemoryStream(text.ToArray())));
            var reference = new ResultsReader("r.jsonl", allBaseline) { UseFullReader = true };
            var referenceFailure = Record.Exception(() => reference.Read(new MemoryStream(text.ToArray())));

            // Neither path may crash, whatever the line: bad input is reported, never thrown.
            Assert.Null(referenceFailure);
            Assert.Null(fastFailure);
            Assert.Equal(Describe(reference), Describe(fast));
            Assert.Equal(0, reference.PlainLines);

            // Lines given one at a time (as a store streams them back), with or without their fields, read the same.
            var digest = "sha256:" + Convert.ToHexStringLower(SHA256.HashData(text.ToArray()));
            var byLine = new ResultsReader("r.jsonl", allBaseline) { SourceDigest = digest };
            var byRecord = new ResultsReader("r.jsonl", allBaseline);
            var split = new JsonLines(new MemoryStream(text.ToArray()), "r.jsonl");
            var records = 0;
            while (split.Next(out var line, out _))
            {
                Assert.True(byLine.ReadLine(line.Span, split.LineNumber));
                var errors = byRecord.ErrorCount;
                var fields = byRecord.ReadRecord(line.Span, split.LineNumber);
                Assert.Equal(fields is null && !line.Span.Trim((byte)' ').IsEmpty, byRecord.ErrorCount > errors);
                records += fields is null ? 0 : 1;
            }

            byLine.Complete();
            Assert.Equal(Describe(reference), Describe(byLine));

            // Records keep no evidence: the same lines are accepted, with the same errors.
            Assert.Equal(reference.Candidate.Suites.Values.Concat(reference.Baseline.Suites.Values).Sum(s => s.Lines), records);
            Assert.Equal(reference.Errors, byRecord.Errors);
            Assert.Empty(byRecord.Candidate.Suites);
            Assert.Empty(byRecord.Baseline.Suites);
            plain += fast.PlainLines;
            full += lines.Count(l => !Encoding.UTF8.GetString(l).Trim(' ').Equals(string.Empty, StringComparison.Ordinal)) - fast.PlainLines;
        }, iter: 3000, threads: 1);

        // Both paths must have been taken often, or the comparison says nothing.
        Assert.True(plain > 1000, $"only {plain} lines took the fast path");
        Assert.True(full > 1000, $"only {full} lines took the full reader");
    }

    private static string Describe(ResultsReader reader)
    {
        var text = new StringBuilder();
        foreach (var (side, set) in new[] { ("candidate", reader.Candidate), ("baseline", reader.Baseline) })
        {
            text.Append(side).Append(": ").AppendJoin(", ", set.SourceDigests).AppendLine();
            foreach (var suite in set.Suites.Values.OrderBy(s => s.Name, StringComparer.Ordinal))
            {
                text.Append("  suite ").Append(suite.Name).Append(" lines ").Append(suite.Lines).AppendLine();
                foreach (var c in suite.Cases.Values.OrderBy(c => c.Id, StringComparer.Ordinal))
                {
                    text.Append($"    case {c.Id}: {c.Passed}/{c.Failed}/{c.Errored} severity {c.Severity} slices [{string.Join('|', c.Slices)}] latency {c.LatencyMsTotal:R}/{c.LatencyCount} cost {c.CostTotal:R}/{c.CostCount}").AppendLine();
                }
            }
        }

        text.Append("errors ").Append(reader.ErrorCount).AppendLine();
        foreach (var error in reader.Errors)
        {
            text.Append($"  {error.Code} {error.Location.Line}:{error.Location.Column} {error.Message}").AppendLine();
        }

        return text.ToString();
    }
}
