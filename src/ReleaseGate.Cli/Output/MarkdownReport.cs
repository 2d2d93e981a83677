using System.Net;
using System.Text;
using ReleaseGate.Core.Decisions;

namespace ReleaseGate.Cli.Output;

/// <summary>Markdown for a pull-request comment or a CI step summary. Untrusted text is HTML-encoded and pipes escaped.</summary>
internal static class MarkdownReport
{
    public static string Render(GateDecision decision)
    {
        var sb = new StringBuilder();
        var icon = decision.Verdict switch
        {
            Verdict.Blocked => "❌",
            Verdict.Pending => "⏳",
            _ => "✅",
        };
        sb.Append("### ").Append(icon).Append(" ReleaseGate: ").Append(DecisionJson.Word(decision.Verdict)).Append(" — ").AppendLine(Cell(TextReport.Heading(decision)));
        sb.AppendLine();
        sb.AppendLine(Cell(ReportOrder.VerdictLine(decision)));
        sb.AppendLine();
        sb.AppendLine("| status | check | summary |");
        sb.AppendLine("| --- | --- | --- |");
        foreach (var check in ReportOrder.Sort(decision.Checks))
        {
            var summary = check.Summary;
            if (check.Waiver is { } w)
            {
                summary += $" Waived by {w.GrantedBy} until {w.Expires:yyyy-MM-dd}: {w.Reason}.";
            }

            sb.Append("| ").Append(Badge(check.Status)).Append(" | `").Append(check.Id.Replace("`", "'", StringComparison.Ordinal)).Append("` | ").Append(Cell(summary)).AppendLine(" |");
        }

        var withCases = decision.Checks.Where(c => c.Status is CheckStatus.Fail or CheckStatus.Waived && c.Cases.Count > 0).ToList();
        if (withCases.Count > 0)
        {
            sb.AppendLine().AppendLine("<details><summary>Cases behind the failures</summary>").AppendLine();
            foreach (var check in withCases)
            {
                sb.Append("- `").Append(check.Id.Replace("`", "'", StringComparison.Ordinal)).Append("`: ").AppendLine(Cell(string.Join(", ", check.Cases)));
            }

            sb.AppendLine().AppendLine("</details>");
        }

        foreach (var note in decision.Notes)
        {
            sb.AppendLine().Append("> ").AppendLine(Cell(note));
        }

        return sb.ToString();
    }

    private static string Badge(CheckStatus status) => status switch
    {
        CheckStatus.Fail => "❌ fail",
        CheckStatus.Pending => "⏳ pending",
        CheckStatus.Warn => "⚠️ warn",
        CheckStatus.Waived => "🟦 waived",
        _ => "✅ pass",
    };

    /// <summary>Encodes text for a table cell: HTML-encoded, pipes and newlines made harmless.</summary>
    internal static string Cell(string text) =>
        WebUtility.HtmlEncode(Terminal.Safe(text)).Replace("|", "\\|", StringComparison.Ordinal).Replace("\r", " ", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal)
            .Replace("`", "&#96;", StringComparison.Ordinal).Replace("*", "\\*", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal)
            .Replace("[", "\\[", StringComparison.Ordinal);
}
