#:property GenerateDocumentationFile=true
// Writes the data of the check-1m benchmark: candidate and baseline results (DESIGN §4 JSONL, one execution a
// line, about 200 bytes each) for CASES cases run REPEATS times over 50 slices, and a gate that uses every rule
// whose cost grows with the evidence. Deterministic: each line is a pure function of (case, repeat, target).
//
//     dotnet run generate.cs -- OUTPUT_FOLDER [CASES=100000] [REPEATS=10]
//
// Lines are written repeat by repeat (all cases for repeat 0, then repeat 1, ...), as an eval runner that makes
// several passes over a suite would; a case's lines are therefore far apart, which is the harder order for a
// reader that aggregates per case.
using System.Globalization;
using System.Text;
using System.Text.Unicode;

if (args.Length is < 1 or > 3)
{
    Console.Error.WriteLine("usage: dotnet run generate.cs -- OUTPUT_FOLDER [CASES=100000] [REPEATS=10]");
    return 2;
}

var folder = args[0];
var cases = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 100_000;
var repeats = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 10;
Directory.CreateDirectory(folder);
File.WriteAllText(Path.Combine(folder, "gate.yaml"), Bench.Gate(repeats), new UTF8Encoding(false));
var sizes = new long[2];
Parallel.For(0, 2, target => sizes[target] = Bench.WriteResults(Path.Combine(folder, target == 0 ? "candidate.jsonl" : "baseline.jsonl"), cases, repeats, target));
var lines = (long)cases * repeats;
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"wrote {folder}: {lines:N0} candidate lines ({sizes[0] / 1e6:F0} MB) and {lines:N0} baseline lines ({sizes[1] / 1e6:F0} MB), {(sizes[0] + sizes[1]) / (2.0 * lines):F0} bytes a line"));
return 0;

internal static class Bench
{
    public const int Slices = 50;
    private const ulong Seed = 0x5EED_2026_1103UL;

    private static readonly string[] s_outputs =
    [
        "Refund of $42.10 issued.",
        "Order NW-311902 ships Thursday.",
        "Please confirm the one-time code.",
        "Handing you to a human agent.",
        "Returns are free within 30 days.",
        "Your bill was prorated: $6.13.",
        "I can't share another order.",
        "I couldn't find that order.",
    ];

    private static readonly string[] s_severities = ["critical", "high", "medium", "low"];

    /// <summary>Writes one target's results; returns the bytes written.</summary>
    public static long WriteResults(string path, int cases, int repeats, int target)
    {
        using var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1, FileOptions.SequentialScan);
        var buffer = new byte[1 << 20];
        var used = 0;
        long total = 0;
        var targetName = target == 0 ? "candidate"u8.ToArray() : "baseline"u8.ToArray();
        for (var repeat = 0; repeat < repeats; repeat++)
        {
            for (var c = 0; c < cases; c++)
            {
                if (buffer.Length - used < 1024)
                {
                    file.Write(buffer, 0, used);
                    total += used;
                    used = 0;
                }

                used += Line(buffer.AsSpan(used), c, repeat, target, targetName);
            }
        }

        file.Write(buffer, 0, used);
        return total + used;
    }

    private static int Line(Span<byte> destination, int c, int repeat, int target, byte[] targetName)
    {
        var caseHash = Mix(Seed ^ unchecked((ulong)c * 0x9E3779B97F4A7C15UL));
        var lineHash = Mix(caseHash ^ unchecked((ulong)(repeat + 1) * 0xBF58476D1CE4E5B9UL) ^ unchecked((ulong)(target + 1) * 0x94D049BB133111EBUL));
        var slice = (int)(caseHash % Slices);
        var second = (caseHash >> 8) % 5 == 0 ? (int)((caseHash >> 16) % Slices) : -1;
        var severity = s_severities[Severity(caseHash >> 24)];
        var passPercent = PassPercent(caseHash, target);
        var errored = lineHash % 1000 == 0;
        var pass = (lineHash >> 10) % 1000 < (ulong)passPercent * 10;
        var score = pass ? 80 + (int)((lineHash >> 20) % 21) : (int)((lineHash >> 20) % 41);
        var latency = 300 + (int)((lineHash >> 30) % 2700);
        var output = s_outputs[(lineHash >> 40) % (ulong)s_outputs.Length];

        var written = 0;
        var ok = Utf8.TryWrite(destination, CultureInfo.InvariantCulture,
            $"{{\"suite\":\"bench\",\"case\":\"case-{c:D6}\",\"repeat\":{repeat},\"target\":\"", out var n);
        written += n;
        targetName.CopyTo(destination[written..]);
        written += targetName.Length;
        ok &= second >= 0
            ? Utf8.TryWrite(destination[written..], CultureInfo.InvariantCulture, $"\",\"slices\":[\"slice-{slice:D2}\",\"slice-{second:D2}\"],\"severity\":\"{severity}\",", out n)
            : Utf8.TryWrite(destination[written..], CultureInfo.InvariantCulture, $"\",\"slices\":[\"slice-{slice:D2}\"],\"severity\":\"{severity}\",", out n);
        written += n;
        ok &= errored
            ? Utf8.TryWrite(destination[written..], CultureInfo.InvariantCulture, $"\"pass\":null,\"score\":null,\"error\":\"timeout after 30000 ms\",\"latency_ms\":30000,\"output\":null}}\n", out n)
            : Utf8.TryWrite(destination[written..], CultureInfo.InvariantCulture, $"\"pass\":{(pass ? "true" : "false")},\"score\":0.{score:D2},\"error\":null,\"latency_ms\":{latency},\"output\":\"{output}\"}}\n", out n);
        written += n;
        return ok ? written : throw new InvalidOperationException("a line did not fit the buffer");
    }

    /// <summary>2% critical, 10% high, 60% medium, 28% low.</summary>
    private static int Severity(ulong hash) => (hash % 100) switch
    {
        < 2 => 0,
        < 12 => 1,
        < 72 => 2,
        _ => 3,
    };

    /// <summary>
    /// How often a case passes: most cases nearly always, some nearly never, a few are coin flips. The baseline
    /// differs from the candidate on about 3% of cases, so every comparison has discordant pairs.
    /// </summary>
    private static int PassPercent(ulong caseHash, int target)
    {
        var kind = (caseHash >> 32) % 100;
        if (target == 1 && (caseHash >> 48) % 100 < 3)
        {
            kind = (kind + 50) % 100;
        }

        return kind switch
        {
            < 85 => 99,
            < 95 => 2,
            _ => 50,
        };
    }

    private static ulong Mix(ulong z)
    {
        unchecked
        {
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return z ^ (z >> 31);
        }
    }

    /// <summary>A gate with every rule whose cost grows with the evidence: all 50 slices, each compared with the baseline.</summary>
    public static string Gate(int repeats)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $$"""
            # Written by bench/check-1m/generate.cs for {{repeats}} repeats a case.
            apiVersion: releasegate/v1
            kind: Gate
            workflow: bench
            risk: high
            evals:
              - suite: bench
                min_pass_rate: 0.80
                confidence: 0.95
                max_error_rate: 0.05
                repeats: { aggregate: { at_least: {{(repeats / 2) + 1}} } }
                no_regression: { slices: all, method: mcnemar, alpha: 0.05, margin: 0.01 }
                slices:

            """);
        for (var s = 0; s < Slices; s++)
        {
            text.Append(CultureInfo.InvariantCulture, $"      slice-{s:D2}: {{ min_pass_rate: 0.80{(s % 10 == 0 ? ", protected: true" : "")} }}\n");
        }

        text.Append("""
            severity:
              block_on: [critical]
              max_failures: { high: 2000 }

            """);
        return text.ToString();
    }
}
