using System.Text.Json.Nodes;
using CsCheck;
using ReleaseGate.Core.Diagnostics;
using ReleaseGate.Core.Model;
using ReleaseGate.Runner.Assertions;
using Xunit;

namespace ReleaseGate.Runner.Tests.Assertions;

public sealed class AssertionProperties
{
    private static readonly Gen<string> Text = Gen.String[Gen.Char["abcAB \u00e9\"<\n"], 0, 30];
    private static readonly Gen<string> Needle = Gen.String[Gen.Char["abcAB \u00e9"], 1, 5];
    private static readonly string[] TextTypes = ["equals", "contains", "icontains", "starts-with", "regex"];

    private static AssertionOutcome Grade(string type, string value, string output) =>
        CaseAssertions.Compile([new SuiteAssertion(type, JsonValue.Create(value), null, 1)], new SourceLocation("s.yaml", 1, 1))
            .GetValueOrThrow().EvaluateAsync(new TargetResponse(output, [], 0), null, CancellationToken.None).Result.Assertions[0];

    [Fact]
    public void Output_built_around_the_needle_contains_it()
    {
        Gen.Select(Text, Needle, Text).Sample((a, needle, b) =>
        {
            Assert.True(Grade("contains", needle, a + needle + b).Pass);
            Assert.True(Grade("icontains", needle.ToUpperInvariant(), a + needle + b).Pass);
            Assert.True(Grade("starts-with", needle, needle + b).Pass);
        });
    }

    [Fact]
    public void Every_not_form_is_the_exact_negation()
    {
        Gen.Select(Gen.Int[0, TextTypes.Length - 1], Needle, Text).Sample((t, needle, output) =>
        {
            var type = TextTypes[t];
            var value = type == "regex" ? System.Text.RegularExpressions.Regex.Escape(needle) : needle;
            var plain = Grade(type, value, output);
            var negated = Grade("not-" + type, value, output);
            Assert.NotEqual(plain.Pass, negated.Pass);
            Assert.Equal(plain.Pass ? 1 : 0, plain.Score);
            Assert.Equal(negated.Pass ? 1 : 0, negated.Score);
        });
    }

    [Fact]
    public void Reasons_stay_short_whatever_the_output()
    {
        Gen.Select(Gen.String[Gen.Char.AlphaNumeric, 0, 5000], Needle).Sample((output, needle) =>
        {
            var reason = Grade("contains", needle, output).Reason;
            Assert.True(reason.Length < 2 * Excerpt.MaxLength + 200, reason);
        }, iter: 200);
    }

    [Fact]
    public void Case_score_is_the_weighted_mean_and_stays_in_range()
    {
        var assertion = Gen.Select(Gen.Bool, Gen.Int[0, 5]);
        Gen.Select(assertion.Array[1, 6], Text).Sample((items, output) =>
        {
            var list = items.Select(i => new SuiteAssertion(i.Item1 ? "not-contains" : "contains", JsonValue.Create("\u0001"), null, i.Item2)).ToList();
            var grade = CaseAssertions.Compile(list, new SourceLocation("s.yaml", 1, 1)).GetValueOrThrow()
                .EvaluateAsync(new TargetResponse(output, [], 0), null, CancellationToken.None).Result;
            var weights = items.Sum(i => i.Item2);
            var expected = weights == 0 ? 0 : items.Where(i => i.Item1).Sum(i => i.Item2) / (double)weights;
            Assert.Equal(expected, grade.Score, 12);
            Assert.Equal(items.All(i => i.Item1), grade.Pass);
        });
    }
}
