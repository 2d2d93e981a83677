using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using ReleaseGate.Core.Decisions;
using ReleaseGate.Core.Diagnostics;
using YamlDotNet.RepresentationModel;

namespace ReleaseGate.Core.Tests.Decisions;

/// <summary>Compares a decision (or the parse errors that prevented one) with a case's <c>expect</c>.</summary>
internal static class DecisionExpectations
{
    private static readonly string[] s_keys =
    [
        "verdict", "checks", "exhaustive", "absent", "summary_contains", "measured", "cases", "waived_by", "notes_contain", "notes_absent", "overrides", "bank", "parse_error",
    ];

    /// <summary>Every way the outcome differs from the expectation; empty when it matches.</summary>
    public static List<string> Differences(YamlMappingNode expect, GateDecision? decision, IReadOnlyList<GateError> errors)
    {
        CaseYaml.AllowKeys(expect, "expect", s_keys);
        var problems = new List<string>();
        if (CaseYaml.Text(expect, "parse_error") is { } code)
        {
            if (expect.Children.Count > 1)
            {
                throw CaseYaml.Bad(expect, "'parse_error' stands alone: nothing is decided on input that does not parse");
            }

            if (!errors.Any(e => e.Code == code))
            {
                problems.Add(errors.Count == 0 ? $"expected a parse error {code}, but every input parsed" : $"expected a parse error {code}, but got others");
            }

            return problems;
        }

        if (decision is null)
        {
            problems.Add("an input did not parse, so nothing was decided");
            return problems;
        }

        if (!CaseYaml.Has(expect, "verdict") && !CaseYaml.Has(expect, "checks"))
        {
            throw CaseYaml.Bad(expect, "expect needs at least a 'verdict' or 'checks'");
        }

        if (CaseYaml.Text(expect, "verdict") is { } verdict && !string.Equals(verdict, Word(decision.Verdict), StringComparison.Ordinal))
        {
            problems.Add($"verdict: expected {verdict}, got {Word(decision.Verdict)}");
        }

        var byId = new Dictionary<string, GateCheck>(StringComparer.Ordinal);
        foreach (var check in decision.Checks)
        {
            if (!byId.TryAdd(check.Id, check))
            {
                problems.Add($"{check.Id}: the decision holds this check id twice");
            }
        }

        var expectedChecks = CaseYaml.Mapping(expect, "checks") is { } checks ? CaseYaml.Entries(checks).ToList() : [];
        foreach (var (id, status) in expectedChecks)
        {
            var want = ((YamlScalarNode)status).Value;
            if (!byId.TryGetValue(id, out var check))
            {
                problems.Add($"{id}: expected {want}, but there is no such check");
            }
            else if (!string.Equals(want, Word(check.Status), StringComparison.Ordinal))
            {
                problems.Add($"{id}: expected {want}, got {Word(check.Status)}");
            }
        }

        if (CaseYaml.Text(expect, "exhaustive") == "true")
        {
            var listed = expectedChecks.Select(e => e.Key).ToHashSet(StringComparer.Ordinal);
            problems.AddRange(decision.Checks.Where(c => !listed.Contains(c.Id)).Select(c => $"{c.Id}: not expected (the list is exhaustive), got {Word(c.Status)}"));
        }

        foreach (var id in CaseYaml.Strings(CaseYaml.Get(expect, "absent"), "absent").Where(byId.ContainsKey))
        {
            problems.Add($"{id}: expected no such check, got {Word(byId[id].Status)}");
        }

        foreach (var (id, check, node) in PerCheck(expect, "summary_contains", byId, problems))
        {
            problems.AddRange(CaseYaml.Strings(node, "summary_contains")
                .Where(text => !check.Summary.Contains(text, StringComparison.Ordinal))
                .Select(text => $"{id}: summary does not contain \"{text}\""));
        }

        foreach (var (id, check, node) in PerCheck(expect, "measured", byId, problems))
        {
            var mapping = node as YamlMappingNode ?? throw CaseYaml.Bad(node, "measured values are a mapping");
            foreach (var (key, value) in CaseYaml.Entries(mapping))
            {
                if (!Same(value, check.Measured[key]))
                {
                    problems.Add($"{id}: measured.{key} expected {CaseYaml.ToJson(value)?.ToJsonString()}, got {check.Measured[key]?.ToJsonString() ?? "nothing"}");
                }
            }
        }

        foreach (var (id, check, node) in PerCheck(expect, "cases", byId, problems))
        {
            var want = CaseYaml.Strings(node, "cases").ToList();
            if (!want.SequenceEqual(check.Cases, StringComparer.Ordinal))
            {
                problems.Add($"{id}: cases expected [{string.Join(", ", want)}], got [{string.Join(", ", check.Cases)}]");
            }
        }

        foreach (var (id, check, node) in PerCheck(expect, "waived_by", byId, problems))
        {
            var pattern = ((YamlScalarNode)node).Value;
            if (check.Waiver?.Pattern != pattern)
            {
                problems.Add($"{id}: expected to be waived by '{pattern}', got {(check.Waiver is null ? "no waiver" : $"'{check.Waiver.Pattern}'")}");
            }
        }

        foreach (var text in CaseYaml.Strings(CaseYaml.Get(expect, "notes_contain"), "notes_contain"))
        {
            if (!decision.Notes.Any(n => n.Contains(text, StringComparison.Ordinal)))
            {
                problems.Add($"notes: none contains \"{text}\"");
            }
        }

        foreach (var text in CaseYaml.Strings(CaseYaml.Get(expect, "notes_absent"), "notes_absent"))
        {
            if (decision.Notes.FirstOrDefault(n => n.Contains(text, StringComparison.Ordinal)) is { } note)
            {
                problems.Add($"notes: \"{note}\" contains \"{text}\"");
            }
        }

        // overrides: ["core/c3 pass->fail"], exactly, in suite and case order.
        if (CaseYaml.Has(expect, "overrides"))
        {
            var expected = CaseYaml.Strings(CaseYaml.Get(expect, "overrides"), "overrides").ToList();
            var actual = decision.Overrides.Select(o => $"{o.Suite}/{o.Case} {o.Automated}->{o.Human}").ToList();
            if (!expected.SequenceEqual(actual))
            {
                problems.Add($"overrides: expected [{string.Join(", ", expected)}], got [{string.Join(", ", actual)}]");
            }
        }

        if (CaseYaml.Mapping(expect, "bank") is { } bank)
        {
            BankDifferences(bank, decision, problems);
        }

        return problems;
    }

    /// <summary>
    /// <c>bank: { counts: { active: 3, missing: 1 }, cases: ["inc-1: active, fail, baseline pass, regressed, incident INC-1"], more: 0 }</c>:
    /// the counts given, the listed cases exactly and in order, and how many more there are.
    /// </summary>
    private static void BankDifferences(YamlMappingNode expect, GateDecision decision, List<string> problems)
    {
        CaseYaml.AllowKeys(expect, "expect.bank", "counts", "cases", "more");
        if (decision.Bank is not { } bank)
        {
            problems.Add("bank: expected a bank report, but the decision has none");
            return;
        }

        var counts = new Dictionary<string, int>(StringComparer.Ordinal)
        {
            ["active"] = bank.Active, ["quarantined"] = bank.Quarantined, ["proposed"] = bank.Proposed, ["retired"] = bank.Retired,
            ["replayed"] = bank.Replayed, ["passed"] = bank.Passed, ["failed"] = bank.Failed, ["missing"] = bank.Missing,
        };
        foreach (var (key, value) in CaseYaml.Mapping(expect, "counts") is { } m ? CaseYaml.Entries(m) : [])
        {
            var want = int.Parse(((YamlScalarNode)value).Value!, CultureInfo.InvariantCulture);
            if (!counts.TryGetValue(key, out var got) || got != want)
            {
                problems.Add($"bank.counts.{key}: expected {want}, got {(counts.ContainsKey(key) ? got : "no such count")}");
            }
        }

        if (CaseYaml.Has(expect, "cases"))
        {
            var want = CaseYaml.Strings(CaseYaml.Get(expect, "cases"), "cases").ToList();
            var got = bank.Cases.Select(Entry).ToList();
            if (!want.SequenceEqual(got, StringComparer.Ordinal))
            {
                problems.Add($"bank.cases: expected [{string.Join("; ", want)}], got [{string.Join("; ", got)}]");
            }
        }

        if (CaseYaml.Integer(expect, "more") is { } more && more != bank.More)
        {
            problems.Add($"bank.more: expected {more}, got {bank.More}");
        }
    }

    private static string Entry(BankReportEntry e)
    {
        var parts = new List<string> { e.State.ToString().ToLowerInvariant(), e.Candidate };
        if (e.Baseline is not null)
        {
            parts.Add($"baseline {e.Baseline}");
        }

        if (e.Change is not null)
        {
            parts.Add(e.Change);
        }

        if (e.Incident is not null)
        {
            parts.Add($"incident {e.Incident}");
        }

        return $"{e.Case}: {string.Join(", ", parts)}";
    }

    /// <summary>The decision in words, printed when a case fails.</summary>
    public static string Describe(GateDecision? decision, IReadOnlyList<GateError> errors)
    {
        var text = new StringBuilder();
        foreach (var error in errors)
        {
            text.Append("  ").Append(error).Append('\n');
        }

        if (decision is null)
        {
            return text.ToString();
        }

        text.Append("  verdict: ").Append(Word(decision.Verdict)).Append('\n');
        foreach (var check in decision.Checks)
        {
            text.Append(CultureInfo.InvariantCulture, $"  {check.Id}: {Word(check.Status)} — {check.Summary}\n");
            text.Append(CultureInfo.InvariantCulture, $"      measured {check.Measured.ToJsonString()}");
            text.Append(check.Cases.Count > 0 ? $" cases [{string.Join(", ", check.Cases)}]\n" : "\n");
        }

        foreach (var note in decision.Notes)
        {
            text.Append("  note: ").Append(note).Append('\n');
        }

        foreach (var entry in decision.Bank?.Cases ?? [])
        {
            text.Append("  bank: ").Append(Entry(entry)).Append('\n');
        }

        return text.ToString();
    }

    public static string Word(Verdict verdict) => verdict.ToString().ToLowerInvariant();

    public static string Word(CheckStatus status) => status.ToString().ToLowerInvariant();

    private static IEnumerable<(string Id, GateCheck Check, YamlNode Node)> PerCheck(YamlMappingNode expect, string key, Dictionary<string, GateCheck> byId, List<string> problems)
    {
        foreach (var (id, node) in CaseYaml.Mapping(expect, key) is { } m ? CaseYaml.Entries(m) : [])
        {
            if (byId.TryGetValue(id, out var check))
            {
                yield return (id, check, node);
            }
            else
            {
                problems.Add($"{id}: {key} expected, but there is no such check");
            }
        }
    }

    /// <summary>Numbers match to the precision they are written with (0.804 matches 0.80399); the rest exactly.</summary>
    private static bool Same(YamlNode expected, JsonNode? actual)
    {
        var want = CaseYaml.ToJson(expected);
        if (want is JsonValue w && w.TryGetValue<double>(out var number) && actual is JsonValue a && a.TryGetValue<double>(out var got))
        {
            var tolerance = 0.5 * Math.Pow(10, -CaseYaml.Decimals((YamlScalarNode)expected));
            return CaseYaml.Decimals((YamlScalarNode)expected) == 0 ? number == got : Math.Abs(number - got) <= tolerance;
        }

        return JsonNode.DeepEquals(want, actual);
    }
}
