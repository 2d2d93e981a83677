using System.Diagnostics;
using System.Globalization;
using System.Text;
using CsCheck;
using ReleaseGate.Core.Diagnostics;
using ReleaseGate.Core.Evidence;
using ReleaseGate.Core.Formats;
using Xunit;

namespace ReleaseGate.Core.Tests.Limits;

/// <summary>
/// Fuzzing of every parser (issue 16): mutated versions of the example's valid documents — byte flips, truncations,
/// deep nesting, aliases, random Unicode — are decoded as the CLI decodes a file and parsed. Whatever the input, a parser
/// returns errors, each with a code and a location, and finishes quickly; it never throws. Each test runs for
/// RELEASEGATE_FUZZ_SECONDS (default 3) seconds. A finding is kept as a named test in <see cref="ParserRegressionTests"/>.
/// </summary>
public class ParserFuzzTests
{
    private static readonly int s_seconds = int.TryParse(Environment.GetEnvironmentVariable("RELEASEGATE_FUZZ_SECONDS"), NumberStyles.None, CultureInfo.InvariantCulture, out var s) && s > 0 ? s : 3;

    /// <summary>The most one input may take; generous, as the tests share the machine with others.</summary>
    private static readonly TimeSpan s_perInput = TimeSpan.FromSeconds(2);

    private const string Waivers = """
        apiVersion: releasegate/v1
        kind: Waivers
        waivers:
          - check: "evals/support-core/slice/billing/*"
            release: "2026.11.3"
            reason: billing copy changes reviewed by legal
            granted_by: alice
            granted_at: 2026-11-01T00:00:00Z
            expires: 2026-12-01T00:00:00Z
        """;

    private static readonly string[] s_tokens =
    [
        "{a: ", "[", "]", "{", "}", ",", ": ", "- ", "\n", "\n  ", "\n- ", "\t", "\"", "'", "#", "&a ", "*a", "&b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]",
        "<<: *a", "!!str ", "!!binary ", "%YAML 1.2\n---\n", "---\n", "...\n", "? ", "|\n  ", ">-\n  ", "\u202E", "\uFFFF", "\0", "\u0085", "\u2028",
        "1e999", "-.inf", ".nan", "0x1F", "2026-12-01T00:00:00", "~", "null", "true", "\\u", "\\ud800", "\"\\ud800\"", "é", "😀",
    ];

    private static Gen<T> Pick<T>(params T[] values) => Gen.Int[0, values.Length - 1].Select(i => values[i]);

    private sealed record Mutation(int Kind, int At, byte Byte, int Count, string Token);

    private static readonly Gen<Mutation> s_mutation = Gen.Select(Gen.Int[0, 7], Gen.Int[0, int.MaxValue], Gen.Byte, Gen.Int[1, 200], Pick(s_tokens),
        (kind, at, b, count, token) => new Mutation(kind, at, b, count, token));

    private static readonly Gen<string> s_unicode = Gen.Char.Array[1, 8].Select(chars => new string(chars));

    private static Gen<byte[]> Mutated(byte[] sample) =>
        Gen.Select(s_mutation.Array[1, 4], s_unicode).Select((mutations, unicode) =>
        {
            var bytes = new List<byte>(sample);
            foreach (var m in mutations)
            {
                var at = bytes.Count == 0 ? 0 : m.At % (bytes.Count + 1);
                switch (m.Kind)
                {
                    case 0 when bytes.Count > 0:
                        bytes[Math.Min(at, bytes.Count - 1)] = m.Byte;
                        break;
                    case 1:
                        bytes.RemoveRange(at, bytes.Count - at);
                        break;
                    case 2 or 3:
                        bytes.InsertRange(at, Encoding.UTF8.GetBytes(m.Token));
                        break;
                    case 4:
                        // Deep nesting: flow lists or mappings, closed or not.
                        var open = m.Byte % 2 == 0 ? "[" : "{a: ";
                        var close = m.Byte % 3 == 0 ? "" : new string(open == "[" ? ']' : '}', m.Count * 50);
                        bytes.InsertRange(at, Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat(open, m.Count * 50)) + close));
                        break;
                    case 5:
                        bytes.InsertRange(at, Encoding.UTF8.GetBytes(unicode));
                        break;
                    case 6:
                        // Aliases: an anchor and a few levels of tenfold aliases of it.
                        var bomb = new StringBuilder("{l0: &a0 [x, x, x, x, x, x, x, x, x, x]");
                        for (var level = 1; level <= (m.Count % 9) + 1; level++)
                        {
                            bomb.Append($", l{level}: &a{level} [{string.Join(", ", Enumerable.Repeat($"*a{level - 1}", 10))}]");
                        }

                        bytes.InsertRange(at, Encoding.UTF8.GetBytes(bomb.Append('}').ToString()));
                        break;
                    default:
                        // Repeat a slice of the document in place.
                        var length = Math.Min(m.Count, bytes.Count - at);
                        bytes.InsertRange(at, bytes.GetRange(at, length));
                        break;
                }
            }

            return bytes.ToArray();
        });

    private static byte[] Sample(string path) => File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "samples", path));

    /// <summary>Decodes as the CLI does, parses, and checks what came back.</summary>
    private static void Parses(byte[] bytes, Func<string, string, IEnumerable<GateError>> parse)
    {
        const string File = "fuzz.yaml";
        var watch = Stopwatch.StartNew();
        var errors = new List<GateError>();
        if (InputText.Decode(bytes, File, errors) is { } text)
        {
            errors.AddRange(parse(text, File));
        }

        Assert.True(watch.Elapsed < s_perInput, $"took {watch.Elapsed}");
        WellFormed(errors, File);
    }

    internal static void WellFormed(IEnumerable<GateError> errors, string file)
    {
        foreach (var error in errors)
        {
            Assert.Matches("^RG1[0-9]{3}$", error.Code);
            Assert.Equal(file, error.Location.File);
            Assert.True(error.Location.Line >= 0 && error.Location.Column >= 0, error.ToString());
            Assert.False(string.IsNullOrWhiteSpace(error.Message));
        }
    }

    private static void Fuzz(byte[] sample, Func<string, string, IEnumerable<GateError>> parse) =>
        Mutated(sample).Sample(bytes => Parses(bytes, parse), time: s_seconds, threads: 1);

    [Fact]
    public void Gate() => Fuzz(Sample("gate.yaml"), (t, f) => GateParser.Parse(t, f).Errors);

    [Fact]
    public void Policy_files() => Fuzz(Sample("policies/organisation.yaml"), (t, f) => PolicyFileParser.Parse(t, f).Errors);

    [Fact]
    public void Policy_tests() => Fuzz(Sample("policies.test.yaml"), (t, f) => PolicyTestParser.Parse(t, f).Errors);

    [Fact]
    public void Waiver_files() => Fuzz(Encoding.UTF8.GetBytes(Waivers), (t, f) => WaiversParser.Parse(t, f).Errors);

    [Fact]
    public void Suites() => Fuzz(Sample("suites/support-core.yaml"), (t, f) => SuiteParser.Parse(t, f).Errors);

    [Fact]
    public void Release_manifests_and_their_digest() => Fuzz(Sample("releases/candidate.yaml"), (t, f) =>
    {
        var result = ReleaseParser.Parse(t, f);
        if (result.Value is { } manifest)
        {
            // The later walk over the tree (canonical JSON of config, the digest) is bounded by the reader's limits.
            var digests = manifest.ReferencedFiles().Distinct().ToDictionary(p => p, _ => ReleaseDigest.Of([]));
            Assert.StartsWith("sha256:", ReleaseDigest.Compute(manifest, digests), StringComparison.Ordinal);
        }

        return result.Errors;
    });

    [Fact]
    public void Case_files()
    {
        var suite = SuiteParser.Parse(Encoding.UTF8.GetString(Sample("suites/support-core.yaml")), "suite.yaml").GetValueOrThrow() with { Cases = [] };
        var sample = FirstLines(Sample("suites/cases/support-core.jsonl"), 20);
        Mutated(sample).Sample(bytes =>
        {
            var watch = Stopwatch.StartNew();
            var read = SuiteParser.AddCases(suite, new MemoryStream(bytes), "fuzz.yaml");
            Assert.True(watch.Elapsed < s_perInput, $"took {watch.Elapsed}");
            WellFormed(read.Errors, "fuzz.yaml");

            // The one case reader takes its fast pass where it can; here every line is read with the located reader
            // alone. Where both see the same lines (valid UTF-8, \n line ends, no byte-order mark) they agree, except on
            // YAML's other line breaks (U+0085, U+2028, U+2029) inside a string, which the located reader folds as YAML
            // does and the fast pass keeps as JSON does.
            var text = System.Text.Unicode.Utf8.IsValid(bytes) ? Encoding.UTF8.GetString(bytes) : null;
            if (text is not null && !text.AsSpan().ContainsAny("\r\uFEFF\u0085\u2028\u2029"))
            {
                var errors = new List<GateError>();
                var cases = text.Split('\n').Select((line, i) => CaseLineReader.ReadLocated(suite, Encoding.UTF8.GetBytes(line), "fuzz.yaml", i + 1, errors)).OfType<Model.SuiteCase>().ToList();
                if (read.Value is { } suiteRead)
                {
                    Assert.Empty(errors);
                    Assert.Equal(Describe(suite with { Cases = cases }), Describe(suiteRead));
                }
                else
                {
                    // Duplicate ids are the file reader's own errors; every line error is the located reader's.
                    Assert.Equal(
                        errors.Distinct().Select(e => e.ToString()).Order(StringComparer.Ordinal),
                        read.Errors.Where(e => e.Code != ErrorCodes.DuplicateId).Select(e => e.ToString()).Order(StringComparer.Ordinal));
                }
            }
        }, time: s_seconds, threads: 1);
    }

    private static string Describe(Model.Suite? suite) => suite is null ? "none" : string.Join("\n", suite.Cases.Select(c =>
        $"{c.Id} {c.Location.Line} {c.Severity} [{string.Join('|', c.Slices)}] {c.Vars.ToJsonString()} "
        + string.Join(";", c.Assertions.Select(a => $"{a.Type} {a.Value?.ToJsonString()} {a.Threshold} {a.Weight}"))));

    [Fact]
    public void Results_lines_in_both_readers()
    {
        var sample = FirstLines(Sample("results/support-core.jsonl"), 20);
        Mutated(sample).Sample(bytes =>
        {
            var watch = Stopwatch.StartNew();
            var fast = new ResultsReader("fuzz.yaml", allBaseline: false);
            fast.Read(new MemoryStream(bytes));
            var full = new ResultsReader("fuzz.yaml", allBaseline: false) { UseFullReader = true };
            full.Read(new MemoryStream(bytes));
            Assert.True(watch.Elapsed < s_perInput, $"took {watch.Elapsed}");
            WellFormed(fast.Errors, "fuzz.yaml");
            Assert.Equal(full.Errors, fast.Errors);
        }, time: s_seconds, threads: 1);
    }

    private static byte[] FirstLines(byte[] bytes, int count)
    {
        var end = 0;
        for (var i = 0; i < count && end < bytes.Length; i++)
        {
            var next = Array.IndexOf(bytes, (byte)'\n', end);
            end = next < 0 ? bytes.Length : next + 1;
        }

        return bytes[..end];
    }
}
