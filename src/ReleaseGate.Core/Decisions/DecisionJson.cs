using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using ReleaseGate.Core.Formats;
using ReleaseGate.Core.Yaml;

namespace ReleaseGate.Core.Decisions;

/// <summary>Writes a decision as the decision JSON of DESIGN §4, the same from <c>check --format json</c> and the API.</summary>
public static class DecisionJson
{
    /// <summary>Serializes <paramref name="decision"/>; the output is byte-identical for identical decisions.</summary>
    /// <param name="decision">The decision.</param>
    /// <param name="indented">Whether to indent for people.</param>
    public static string Serialize(GateDecision decision, bool indented = true)
    {
        ArgumentNullException.ThrowIfNull(decision);
        using var stream = new MemoryStream();

        // Untrusted text (case ids, messages) stays escaped for HTML contexts: the default encoder does that.
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = indented, Encoder = JavaScriptEncoder.Default }))
        {
            w.WriteStartObject();
            w.WriteString("apiVersion", "releasegate/v1");
            w.WriteString("kind", "Decision");
            w.WriteString("verdict", Word(decision.Verdict));
            w.WriteString("workflow", decision.Workflow);
            WriteRelease(w, "release", decision.Release);
            WriteRelease(w, "baseline", decision.Baseline);
            w.WriteStartObject("gate");
            w.WriteString("digest", decision.GateDigest);
            w.WriteEndObject();
            w.WriteString("evaluated_at", TimestampText.Format(decision.EvaluatedAt));
            w.WriteStartObject("evidence");
            WriteStrings(w, "candidate", decision.EvidenceDigests);
            WriteStrings(w, "baseline", decision.BaselineEvidenceDigests);
            w.WriteEndObject();
            w.WriteStartArray("checks");
            foreach (var check in decision.Checks)
            {
                WriteCheck(w, check);
            }

            w.WriteEndArray();
            w.WriteStartArray("stages");
            foreach (var stage in decision.Stages)
            {
                w.WriteStartObject();
                w.WriteString("stage", stage.Stage);
                w.WriteString("group", stage.Group);
                w.WriteNumber("count", stage.Count);
                w.WriteBoolean("applies", stage.Applies);
                w.WriteString("reason", stage.Reason);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            if (decision.Overrides.Count > 0)
            {
                // Written only when there are some, so that a decision without human verdicts reads as it always did.
                w.WriteStartArray("overrides");
                foreach (var o in decision.Overrides)
                {
                    w.WriteStartObject();
                    w.WriteString("suite", o.Suite);
                    w.WriteString("case", o.Case);
                    w.WriteString("automated", o.Automated);
                    w.WriteString("human", o.Human);
                    w.WriteString("by", o.By);
                    w.WriteString("at", TimestampText.Format(o.At));
                    w.WriteString("reason", o.Reason);
                    if (o.Review is not null)
                    {
                        w.WriteString("review", o.Review);
                    }

                    if (o.Severity is not null)
                    {
                        w.WriteString("severity", o.Severity);
                    }

                    w.WriteEndObject();
                }

                w.WriteEndArray();
            }

            if (decision.Bank is { } bank)
            {
                // Written only when the gate names a bank file, so that other decisions read as they always did.
                WriteBank(w, bank);
            }

            WriteStrings(w, "notes", decision.Notes);
            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>The word a verdict is written as: <c>pass</c>, <c>pending</c>, <c>blocked</c>, <c>approved</c>, <c>rejected</c> or <c>shipped</c>.</summary>
    public static string Word(Verdict verdict) => verdict switch
    {
        Verdict.Pass => "pass",
        Verdict.Pending => "pending",
        Verdict.Blocked => "blocked",
        Verdict.Approved => "approved",
        Verdict.Rejected => "rejected",
        _ => "shipped",
    };

    /// <summary>The word a status is written as: <c>pass</c>, <c>warn</c>, <c>fail</c>, <c>pending</c> or <c>waived</c>.</summary>
    public static string Word(CheckStatus status) => status switch
    {
        CheckStatus.Pass => "pass",
        CheckStatus.Warn => "warn",
        CheckStatus.Fail => "fail",
        CheckStatus.Pending => "pending",
        _ => "waived",
    };

    private static void WriteCheck(Utf8JsonWriter w, GateCheck check)
    {
        w.WriteStartObject();
        w.WriteString("id", check.Id);
        w.WriteString("status", Word(check.Status));
        w.WriteString("summary", check.Summary);
        w.WritePropertyName("measured");
        check.Measured.WriteTo(w);
        w.WritePropertyName("threshold");
        check.Threshold.WriteTo(w);
        if (check.Cases.Count > 0)
        {
            WriteStrings(w, "cases", check.Cases);
        }

        if (check.Critical)
        {
            w.WriteBoolean("critical", true);
        }

        if (check.Waiver is { } waiver)
        {
            w.WriteStartObject("waiver");
            w.WriteString("check", waiver.Pattern);
            w.WriteString("reason", waiver.Reason);
            w.WriteString("granted_by", waiver.GrantedBy);
            w.WriteString("expires", TimestampText.Format(waiver.Expires));
            w.WriteEndObject();
        }

        w.WriteEndObject();
    }

    private static void WriteBank(Utf8JsonWriter w, BankReport bank)
    {
        w.WriteStartObject("bank");
        w.WriteString("as_of", TimestampText.Format(bank.AsOf));
        w.WriteStartObject("counts");
        w.WriteNumber("active", bank.Active);
        w.WriteNumber("quarantined", bank.Quarantined);
        w.WriteNumber("proposed", bank.Proposed);
        w.WriteNumber("retired", bank.Retired);
        w.WriteNumber("replayed", bank.Replayed);
        w.WriteNumber("passed", bank.Passed);
        w.WriteNumber("failed", bank.Failed);
        w.WriteNumber("missing", bank.Missing);
        w.WriteEndObject();
        w.WriteNumber("listed", bank.Cases.Count);
        w.WriteNumber("more", bank.More);
        w.WriteStartArray("cases");
        foreach (var entry in bank.Cases)
        {
            w.WriteStartObject();
            w.WriteString("case", entry.Case);
            w.WriteString("state", entry.State.Word());
            w.WriteString("severity", entry.Severity.Word());
            w.WriteString("source", entry.Source?.Word());
            w.WriteString("incident", entry.Incident);
            w.WriteString("candidate", entry.Candidate);
            w.WriteString("baseline", entry.Baseline);
            w.WriteString("change", entry.Change);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void WriteRelease(Utf8JsonWriter w, string name, ReleaseRef? release)
    {
        if (release is null)
        {
            w.WriteNull(name);
            return;
        }

        w.WriteStartObject(name);
        w.WriteString("version", release.Version);
        w.WriteString("digest", release.Digest);
        w.WriteEndObject();
    }

    private static void WriteStrings(Utf8JsonWriter w, string name, IEnumerable<string> values)
    {
        w.WriteStartArray(name);
        foreach (var value in values)
        {
            w.WriteStringValue(value);
        }

        w.WriteEndArray();
    }
}
