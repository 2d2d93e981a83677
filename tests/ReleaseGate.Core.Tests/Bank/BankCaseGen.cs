using System.Text.Json.Nodes;
using CsCheck;
using ReleaseGate.Core.Bank;
using ReleaseGate.Core.Formats;
using ReleaseGate.Core.Json;
using ReleaseGate.Core.Model;

namespace ReleaseGate.Core.Tests.Bank;

/// <summary>Random suite cases with every part a bank case can have, and a way to compare two of them field by field.</summary>
internal static class BankCaseGen
{
    private static Gen<T> Pick<T>(params T[] values) => Gen.Int[0, values.Length - 1].Select(i => values[i]);

    // Text that is hard to carry through JSON and YAML: quotes, backslashes, line breaks, tabs, controls, YAML's
    // indicators, characters YAML does not take raw or reads as line breaks, accents, and a character beyond the BMP.
    private static readonly Gen<string> s_piece = Pick(
        "a", "refund", " ", "  ", "\"", "'", "\\", "\n", "\r\n", "\t", "\u0007", "\u001b[31m", ": ", "- ", "#", "{", "}", "[", "]", "&x", "*x", "!tag",
        "%", "@", "`", "|", ">", "~", "null", "true", "1.5", "\u007f", "\u0085", "\u009f", "\u00e9", "e\u0301", "\u2028", "\u2029", "\ufeff", "\ufffe",
        "\u4e2d", "\U0001F600", "---", "...");

    public static readonly Gen<string> Text = s_piece.Array[0, 6].Select(parts => string.Concat(parts));

    private static readonly Gen<string> s_name = Pick("refunds", "billing", "a", "b-2", "x.y", "Z_9");

    private static readonly Gen<double> s_number = Gen.OneOf(
        Gen.Int[-1000, 1000].Select(i => (double)i),
        Gen.Int[-100000, 100000].Select(i => i / 100.0),
        Gen.Double.Where(double.IsFinite),
        Pick(0.1, 1e21, 1e-7, 123456789012.5, -0.0));

    private static Gen<JsonNode?> Value(int depth) => depth == 0
        ? Gen.OneOf(Text.Select(t => (JsonNode?)JsonValue.Create(t)), s_number.Select(n => (JsonNode?)JsonValue.Create(n)), Gen.Bool.Select(b => (JsonNode?)JsonValue.Create(b)), Gen.Const((JsonNode?)null))
        : Gen.Frequency(
            (4, Value(0)),
            (1, Value(depth - 1).Array[0, 3].Select(items => (JsonNode?)new JsonArray(items))),
            (1, Object(depth - 1).Select(o => (JsonNode?)o)));

    private static Gen<JsonObject> Object(int depth) =>
        Gen.Select(Pick("message", "tier", "Message", "order id", "", "<<", "k\u00e9y", "a:b").Array[0, 4], Value(depth).Array[4])
            .Select((keys, values) =>
            {
                var obj = new JsonObject();
                for (var i = 0; i < keys.Length; i++)
                {
                    obj[keys[i]] = values[i]?.DeepClone();
                }

                return obj;
            });

    public static readonly Gen<JsonObject> Vars = Object(2);

    private static readonly Gen<SuiteAssertion> s_assertion = Gen.Select(
        Pick([.. SuiteParser.AssertionTypes]),
        Value(1),
        Gen.Frequency((2, Gen.Const((double?)null)), (1, s_number.Select(n => (double?)n))),
        Gen.Frequency((2, Gen.Const(1.0)), (1, Gen.Int[0, 1000000].Select(i => i / 7.0))))
        .Select((type, value, threshold, weight) => new SuiteAssertion(type, value, threshold, weight));

    private static readonly Gen<string> s_arguments = Gen.OneOf(
        Text,
        Object(1).Select(o => CanonicalJson.Serialize(o)),
        Pick("{\"order\": 17, \"amount\": 20.5}", "{}", "not json {"));

    /// <summary>A conversation that keeps every rule: an optional system turn, a user turn, rounds of tool calls and their answers, ending on a user or tool turn.</summary>
    public static readonly Gen<List<ChatTurn>> Conversation = Gen.Select(
        Gen.Bool, Text, Text, Gen.Int[0, 2], Gen.Int[1, 2], Text.Array[8], s_arguments.Array[4], Gen.Bool)
        .Select((system, systemText, userText, rounds, callsPerRound, texts, arguments, endWithUser) =>
        {
            var turns = new List<ChatTurn>();
            if (system)
            {
                turns.Add(new ChatTurn { Role = "system", Content = systemText });
            }

            turns.Add(new ChatTurn { Role = "user", Content = userText });
            var n = 0;
            for (var r = 0; r < rounds; r++)
            {
                var calls = Enumerable.Range(0, callsPerRound).Select(i => new ChatToolCall($"call_{r}_{i}", i == 0 ? "lookup_order" : "issue_refund", arguments[(n + i) % arguments.Length])).ToList();
                turns.Add(new ChatTurn { Role = "assistant", Content = r % 2 == 0 ? null : texts[n % texts.Length], ToolCalls = calls });
                turns.AddRange(calls.Select(c => new ChatTurn { Role = "tool", Content = texts[++n % texts.Length], ToolCallId = c.Id }));
            }

            if (rounds == 0 || endWithUser)
            {
                turns.Add(new ChatTurn { Role = "assistant", Content = texts[0] });
                turns.Add(new ChatTurn { Role = "user", Content = texts[1] });
            }

            return turns;
        });

    private static readonly Gen<DateTimeOffset> s_time = Gen.Int[0, 400_000_000].Select(Gen.Int[0, 9999999], Gen.Int[-12, 12],
        (seconds, ticks, hours) => new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero).AddSeconds(seconds).AddTicks(ticks).ToOffset(TimeSpan.FromHours(hours)));

    private static readonly Gen<BankProvenance> s_provenance = Gen.Select(
        Pick(Enum.GetValues<BankSource>()), Text, s_time, Text, Text.Array[4], Gen.Bool.Array[4])
        .Select((source, by, at, reason, optional, given) => new BankProvenance
        {
            Source = source, AddedBy = by, AddedAt = at, Reason = reason,
            Incident = given[0] ? optional[0] : null, Release = given[1] ? optional[1] : null,
            Reference = given[2] ? optional[2] : null, OriginalOutput = given[3] ? optional[3] : null,
        });

    public static readonly Gen<BankCaseInfo> Bank = Gen.Select(
        Pick(Enum.GetValues<BankState>()), Gen.Bool, s_provenance, Text, Text, s_time, Gen.Bool, Gen.Byte.Array[32])
        .Select((state, withProvenance, provenance, reason, owner, until, withFingerprint, hash) => new BankCaseInfo
        {
            State = state,
            Provenance = withProvenance ? provenance : null,
            Quarantine = state == BankState.Quarantined ? new BankQuarantine(reason, owner, until) : null,
            RetiredReason = state == BankState.Retired ? reason : null,
            Fingerprint = withFingerprint ? "sha256:" + Convert.ToHexStringLower(hash) : null,
        });

    public static readonly Gen<SuiteCase> Case = Gen.Select(
        Gen.Int[0, 99999], Gen.Frequency((1, Gen.Const((string?)null)), (2, Text.Select(t => (string?)t))), s_name.Array[0, 3], Pick(Enum.GetValues<Severity>()),
        Vars, Gen.Frequency((1, Gen.Const((List<ChatTurn>?)null)), (1, Conversation.Select(c => (List<ChatTurn>?)c))), s_assertion.Array[0, 3],
        Gen.Frequency((1, Gen.Const((BankCaseInfo?)null)), (3, Bank.Select(b => (BankCaseInfo?)b))))
        .Select((n, description, slices, severity, vars, messages, assertions, bank) => new SuiteCase
        {
            Id = $"inc-{n}", Description = description, Slices = slices.Distinct().ToList(), Severity = severity, Vars = vars, Messages = messages,
            Assertions = assertions, Bank = bank,
        });

    /// <summary>The differences between two cases' input, assertions, tags and (when <paramref name="bank"/>) bank key, as text; empty when they are the same.</summary>
    public static List<string> Differences(SuiteCase expected, SuiteCase actual, bool bank)
    {
        var problems = new List<string>();
        void Check(string what, object? want, object? got)
        {
            if (!Equals(want, got))
            {
                problems.Add($"{expected.Id}.{what}: expected {want ?? "null"}, got {got ?? "null"}");
            }
        }

        Check("id", expected.Id, actual.Id);
        Check("description", expected.Description, actual.Description);
        Check("slices", string.Join(",", expected.Slices), string.Join(",", actual.Slices));
        Check("severity", expected.Severity, actual.Severity);
        Check("vars", CanonicalJson.Serialize(expected.Vars), CanonicalJson.Serialize(actual.Vars));
        Check("messages", Describe(expected.Messages), Describe(actual.Messages));
        Check("assert", Describe(expected.Assertions), Describe(actual.Assertions));
        if (bank)
        {
            Check("bank", Describe(expected.Bank), Describe(actual.Bank));
        }

        return problems;
    }

    private static string? Describe(IReadOnlyList<ChatTurn>? turns) => turns is null
        ? null
        : string.Join(" | ", turns.Select(t => $"{t.Role} [{t.Content}] {string.Join(",", t.ToolCalls)} {t.ToolCallId}"));

    private static string Describe(IReadOnlyList<SuiteAssertion> assertions) =>
        string.Join(" | ", assertions.Select(a => $"{a.Type} {CanonicalJson.Serialize(a.Value)} {(a.Threshold + 0.0)?.ToString("R", System.Globalization.CultureInfo.InvariantCulture)} {(a.Weight + 0.0).ToString("R", System.Globalization.CultureInfo.InvariantCulture)}"));

    private static string? Describe(BankCaseInfo? info) => info is null
        ? null
        : $"{info.State} {(info.Provenance is { } p ? BankProvenanceJson.Write(p) : "-")} {info.Quarantine?.Reason}/{info.Quarantine?.Owner}/{info.Quarantine?.Until.UtcTicks} {info.RetiredReason} {info.Fingerprint}";
}
