using System.Globalization;
using System.Text;
using CsCheck;
using Xunit;

namespace ReleaseGate.Storage.Tests;

/// <summary>
/// Fuzzing of the store's results-line parser (issue 16): mutated valid lines — byte flips, truncations, inserted tokens,
/// deep nesting, huge numbers — give a result or one located error, never an exception. Runs for RELEASEGATE_FUZZ_SECONDS
/// (default 3) seconds.
/// </summary>
public sealed class EvidenceLineParserFuzzTests
{
    private static readonly int s_seconds = int.TryParse(Environment.GetEnvironmentVariable("RELEASEGATE_FUZZ_SECONDS"), NumberStyles.None, CultureInfo.InvariantCulture, out var s) && s > 0 ? s : 3;

    private static readonly string[] s_lines =
    [
        """{"suite":"support-core","case":"refund-017","repeat":2,"target":"baseline","slices":["refunds"],"pass":false,"score":0.25,"error":null,"latency_ms":812,"cost":0.0004,"output":"é \"x\"","assertions":[{"type":"contains","pass":false}]}""",
        """{"case":"a","suite":"s","error":{"kind":"timeout","after_ms":30000}}""",
    ];

    private static readonly string[] s_tokens =
    [
        "{", "}", "[", "]", ",", ":", "\"", "\\", "\\u", "\\ud800", "\"\\udc00\"", "1e999", "-1E400", "null", "true", "-1", "2147483648", "\u0000", "é", "😀",
        new string('[', 100), new string('{', 70), "{\"a\":" + new string('[', 64) + new string(']', 64) + "}",
    ];

    private static Gen<T> Pick<T>(params T[] values) => Gen.Int[0, values.Length - 1].Select(i => values[i]);

    private static readonly Gen<byte[]> s_line = Gen.Select(Pick(s_lines), Gen.Select(Gen.Int[0, 3], Gen.Int[0, 1000], Gen.Byte, Pick(s_tokens)).Array[1, 4], (line, mutations) =>
    {
        var bytes = new List<byte>(Encoding.UTF8.GetBytes(line));
        foreach (var (kind, at, b, token) in mutations)
        {
            var i = at % (bytes.Count + 1);
            switch (kind)
            {
                case 0 when i < bytes.Count:
                    bytes[i] = b;
                    break;
                case 1:
                    bytes.RemoveRange(i, bytes.Count - i);
                    break;
                default:
                    bytes.InsertRange(i, Encoding.UTF8.GetBytes(token));
                    break;
            }
        }

        return bytes.ToArray();
    });

    [Fact]
    public void Any_line_gives_a_result_or_one_located_error()
    {
        s_line.Sample(bytes =>
        {
            var line = EvidenceLineParser.Parse("r.jsonl", 5, bytes, out var error);

            Assert.True(line is null != (error is null));
            if (error is not null)
            {
                Assert.Matches("^RG1[0-9]{3}$", error.Code);
                Assert.Equal(("r.jsonl", 5), (error.Location.File, error.Location.Line));
                Assert.True(error.Location.Column >= 0);
            }
        }, time: s_seconds, threads: 1);
    }
}
