using System.Text;
using System.Text.Json.Nodes;
using CsCheck;
using ReleaseGate.Core.Bank;
using ReleaseGate.Core.Formats;
using ReleaseGate.Core.Model;
using Xunit;

namespace ReleaseGate.Core.Tests.Bank;

/// <summary>Dedupe by fingerprint (issue 19): near-identical inputs are the same input; a real difference is not.</summary>
public class BankFingerprintTests
{
    private static readonly Gen<string> s_spaces = Gen.OneOf(Gen.Const(" "), Gen.Const("  "), Gen.Const("\t"), Gen.Const("\n"), Gen.Const(" \r\n "), Gen.Const("\u00a0"), Gen.Const("\u2003"));

    [Fact]
    public void The_fingerprint_does_not_change_with_whitespace_key_order_or_letter_case()
    {
        Gen.Select(BankCaseGen.Case, Gen.Int, s_spaces).Sample((c, seed, space) =>
        {
            var random = new Random(seed);
            var variant = c with
            {
                Id = c.Id + "-copy",
                Description = "another description",
                Severity = Severity.Low,
                Slices = ["other"],
                Assertions = [],
                Bank = null,
                Vars = (JsonObject)Perturb(c.Vars, random, space)!,
                Messages = c.Messages?.Select(t => t with
                {
                    Content = t.Content is null ? null : Text(t.Content, random, space),
                    ToolCalls = t.ToolCalls.Select(call => call with { Name = Text(call.Name, random, space), Arguments = Arguments(call.Arguments, random, space) }).ToList(),
                }).ToList(),
            };

            Assert.Equal(BankFingerprint.Of(c), BankFingerprint.Of(variant));
        }, iter: 500);
    }

    [Fact]
    public void The_fingerprint_changes_when_a_value_really_differs()
    {
        Gen.Select(BankCaseGen.Case, Gen.Int[0, 3]).Sample((c, change) =>
        {
            var changed = change switch
            {
                0 => c with { Vars = With(c.Vars, "message", "refund order 17") },
                1 => c with { Vars = With(c.Vars, "message", "refund order 18") },
                2 => c with { Messages = [.. c.Messages ?? [], new ChatTurn { Role = "user", Content = "and one more thing" }] },
                _ => c with { Vars = With(c.Vars, "amount", 20.5) },
            };
            var other = change switch
            {
                0 => c with { Vars = With(c.Vars, "message", "refund order 18") },
                1 => c with { Vars = With(c.Vars, "message", "refund order17") },
                2 => c with { Messages = [.. c.Messages ?? [], new ChatTurn { Role = "user", Content = "and one more thing!" }] },
                _ => c with { Vars = With(c.Vars, "amount", 20.25) },
            };

            Assert.NotEqual(BankFingerprint.Of(changed), BankFingerprint.Of(other));
        }, iter: 300);
    }

    [Fact]
    public void A_conversation_counts_as_it_is_sent_so_a_template_with_its_vars_is_the_trace_that_sent_it()
    {
        var banked = new SuiteCase
        {
            Id = "refund-004",
            Vars = new JsonObject { ["order"] = new JsonObject { ["id"] = "NW-17" }, ["question"] = "Can I get my money back?" },
            Messages = [new ChatTurn { Role = "system", Content = "You are the support agent." }, new ChatTurn { Role = "user", Content = "Order {{ order.id }}: {{question}}" }],
        };
        var traced = new SuiteCase
        {
            Id = "trace-1",
            Messages = [new ChatTurn { Role = "system", Content = "You are the support agent." }, new ChatTurn { Role = "user", Content = "order NW-17:  can I get my MONEY back?" }],
        };

        Assert.Equal(BankFingerprint.Of(banked), BankFingerprint.Of(traced));

        // A variable no turn reads still counts (http and command targets receive it); one a turn reads counts once, as sent.
        Assert.NotEqual(BankFingerprint.Of(banked), BankFingerprint.Of(banked with { Vars = With(banked.Vars, "channel", "email") }));
        Assert.NotEqual(BankFingerprint.Of(banked), BankFingerprint.Of(banked with { Vars = With(banked.Vars, "question", "Where is it?") }));
    }

    [Fact]
    public void The_fingerprint_reads_only_the_input()
    {
        var c = new SuiteCase { Id = "a", Vars = new JsonObject { ["message"] = "Refund ORDER 17" } };
        var same = c with
        {
            Id = "b", Description = "d", Severity = Severity.Critical, Slices = ["refunds"], Assertions = [new SuiteAssertion("contains", "x", null, 1)],
            Bank = new BankCaseInfo { State = BankState.Retired, RetiredReason = "r" },
        };

        Assert.Equal(BankFingerprint.Of(c), BankFingerprint.Of(same));
        Assert.Matches("^sha256:[0-9a-f]{64}$", BankFingerprint.Of(c));
        Assert.NotEqual(BankFingerprint.Of(c), BankFingerprint.Of(c with { Vars = new JsonObject { ["message"] = "Refund ORDER 17", ["n"] = 1 } }));
        Assert.NotEqual(BankFingerprint.Of(c), BankFingerprint.Of(c with { Vars = new JsonObject { ["Message"] = "Refund ORDER 17" } }));
        Assert.NotEqual(BankFingerprint.Of(c), BankFingerprint.Of(c with { Messages = [new ChatTurn { Role = "user", Content = "Refund ORDER 17" }] }));
    }

    [Fact]
    public void Numbers_are_compared_by_value_and_JSON_arguments_by_content()
    {
        var a = SuiteParser.ReadCaseLine(new Suite { File = "s", Name = "s" }, """{"id":"a","vars":{"n":1.50,"m":1e2},"messages":[{"role":"user","content":"Cancel"},{"role":"assistant","tool_calls":[{"id":"call_9","name":"cancel","arguments":"{\"order\": 17,  \"why\":\"Late\"}"}]},{"role":"tool","content":"ok","tool_call_id":"call_9"}]}""", "c", 1, new List<Diagnostics.GateError>())!;
        var b = SuiteParser.ReadCaseLine(new Suite { File = "s", Name = "s" }, """{"id":"b","vars":{"m":100,"n":1.5},"messages":[{"role":"user","content":"cancel "},{"role":"assistant","tool_calls":[{"id":"x1","name":"cancel","arguments":{"why":"late","order":17.0}}]},{"role":"tool","content":"OK","tool_call_id":"x1"}]}""", "c", 1, new List<Diagnostics.GateError>())!;

        Assert.Equal(BankFingerprint.Of(a), BankFingerprint.Of(b));
    }

    [Fact]
    public void Text_is_normalised_to_NFC_trimmed_collapsed_and_lower_case()
    {
        Assert.Equal("caf\u00e9 au lait", BankFingerprint.NormaliseText("  CAFE\u0301\t AU\n\nLait "));
        Assert.Equal("", BankFingerprint.NormaliseText(" \t\n"));
    }

    private static JsonObject With(JsonObject vars, string key, JsonNode value)
    {
        var copy = (JsonObject)vars.DeepClone();
        copy[key] = value;
        return copy;
    }

    /// <summary>The same input written otherwise: keys in another order, strings with other spacing and letter case.</summary>
    private static JsonNode? Perturb(JsonNode? node, Random random, string space) => node switch
    {
        JsonObject obj => new JsonObject(obj.OrderBy(_ => random.Next()).Select(p => KeyValuePair.Create(p.Key, Perturb(p.Value, random, space)))),
        JsonArray array => new JsonArray([.. array.Select(i => Perturb(i, random, space))]),
        JsonValue value when value.TryGetValue(out string? s) => Text(s, random, space),
        _ => node?.DeepClone(),
    };

    private static string Text(string text, Random random, string space)
    {
        var builder = new StringBuilder(random.Next(2) == 0 ? space : "");
        foreach (var ch in text)
        {
            builder.Append(random.Next(2) == 0 ? char.ToUpperInvariant(ch) : char.ToLowerInvariant(ch));
            if (char.IsWhiteSpace(ch))
            {
                builder.Append(space);
            }
        }

        return builder.Append(random.Next(2) == 0 ? space : "").ToString();
    }

    private static string Arguments(string arguments, Random random, string space)
    {
        try
        {
            // JSON arguments: the same object re-spaced, keys reordered, strings re-cased.
            return Perturb(JsonNode.Parse(arguments), random, space)?.ToJsonString() ?? "null";
        }
        catch (System.Text.Json.JsonException)
        {
            return Text(arguments, random, space);
        }
    }
}
