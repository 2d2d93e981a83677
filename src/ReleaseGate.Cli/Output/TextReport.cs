using System.Text;
using ReleaseGate.Core.Decisions;

namespace ReleaseGate.Cli.Output;

/// <summary>
/// The text report: a heading, a table of checks with failures first, and the verdict in one line. The table is laid
/// out here rather than by Spectre.Console, whose table layout grows costly with the number of rows, and a gate over
/// many slices has a row per slice (docs/benchmarks.md, "check-1m").
/// </summary>
internal static class TextReport
{
    private const string Reset = "\u001b[0m";

    public static void Write(GateDecision decision, TextWriter writer, bool color, int width)
    {
        var rows = ReportOrder.Sort(decision.Checks).Select(c => (Status: DecisionJson.Word(c.Status).ToUpperInvariant(), c.Status, c.Id, Summary: Summary(c))).ToList();
        var statusWidth = Math.Max(6, rows.Count == 0 ? 0 : rows.Max(r => r.Status.Length));
        var idWidth = Math.Clamp(rows.Count == 0 ? 0 : rows.Max(r => r.Id.Length), 5, 60);
        var summaryWidth = Math.Max(40, width - statusWidth - idWidth - 10);
        var rule = $"+-{new string('-', statusWidth)}-+-{new string('-', idWidth)}-+-{new string('-', summaryWidth)}-+";
        var sb = new StringBuilder();
        sb.AppendLine(Heading(decision)).AppendLine(rule);
        AppendRow(sb, "status", null, "check", "summary", statusWidth, idWidth, summaryWidth, color);
        sb.AppendLine(rule);
        foreach (var row in rows)
        {
            AppendRow(sb, row.Status, row.Status, row.Id, row.Summary, statusWidth, idWidth, summaryWidth, color);
        }

        sb.AppendLine(rule);
        foreach (var note in decision.Notes)
        {
            sb.Append("note: ").AppendLine(Clean(note));
        }

        var verdict = Clean(ReportOrder.VerdictLine(decision));
        sb.AppendLine(color ? VerdictColor(decision.Verdict) + verdict + Reset : verdict);
        writer.Write(sb.ToString());
    }

    internal static string Heading(GateDecision decision)
    {
        var release = decision.Release is { } r ? $" {r.Version} ({Short(r.Digest)})" : "";
        var baseline = decision.Baseline is { } b ? $" vs baseline {b.Version} ({Short(b.Digest)})" : "";
        return Clean($"{decision.Workflow}{release}{baseline}; gate {Short(decision.GateDigest)}");
    }

    internal static string Short(string digest) => digest.StartsWith("sha256:", StringComparison.Ordinal) && digest.Length > 19 ? digest[..19] : digest;

    private static void AppendRow(StringBuilder sb, string status, string? statusWord, string id, string summary, int statusWidth, int idWidth, int summaryWidth, bool color)
    {
        var ids = Wrap(id, idWidth, hard: true);
        var lines = Wrap(summary, summaryWidth, hard: false);
        for (var i = 0; i < Math.Max(ids.Count, lines.Count); i++)
        {
            var cell = i == 0 ? status.PadRight(statusWidth) : new string(' ', statusWidth);
            if (color && i == 0 && statusWord is not null)
            {
                cell = StatusColor(statusWord) + cell + Reset;
            }

            sb.Append("| ").Append(cell)
                .Append(" | ").Append((i < ids.Count ? ids[i] : "").PadRight(idWidth))
                .Append(" | ").Append((i < lines.Count ? lines[i] : "").PadRight(summaryWidth))
                .AppendLine(" |");
        }
    }

    /// <summary>Wraps at spaces (or anywhere, for ids); untrusted text is written as is, never interpreted.</summary>
    private static List<string> Wrap(string text, int width, bool hard)
    {
        var lines = new List<string>();
        var rest = Clean(text);
        while (rest.Length > width)
        {
            var cut = hard ? -1 : rest.LastIndexOf(' ', width);
            if (cut <= 0)
            {
                cut = width;
            }

            lines.Add(rest[..cut]);
            rest = rest[cut..].TrimStart(' ');
        }

        lines.Add(rest);
        return lines;
    }

    /// <summary>Control characters from model output or case ids must not move the cursor or recolour the terminal.</summary>
    internal static string Clean(string text) => Terminal.Safe(text);

    private static string Summary(GateCheck check)
    {
        var text = check.Summary;
        if (check.Waiver is { } w)
        {
            text += $" Waived by {w.GrantedBy} until {w.Expires:yyyy-MM-dd}: {w.Reason}.";
        }

        if (check.Status is CheckStatus.Fail or CheckStatus.Waived && check.Cases.Count > 0)
        {
            text += $" Cases: {string.Join(", ", check.Cases)}{(check.Cases.Count == GateEngine.MaxListedCases ? ", …" : "")}";
        }

        return text;
    }

    private static string StatusColor(string status) => status switch
    {
        "FAIL" => "\u001b[31m",
        "PENDING" or "WARN" => "\u001b[33m",
        "WAIVED" => "\u001b[34m",
        _ => "\u001b[32m",
    };

    private static string VerdictColor(Verdict verdict) => verdict switch
    {
        Verdict.Blocked => "\u001b[1;31m",
        Verdict.Pending => "\u001b[1;33m",
        _ => "\u001b[1;32m",
    };
}
