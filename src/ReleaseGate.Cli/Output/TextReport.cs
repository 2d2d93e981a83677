using ReleaseGate.Core.Decisions;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace ReleaseGate.Cli.Output;

/// <summary>The text report: a heading, a table of checks with failures first, and the verdict in one line.</summary>
internal static class TextReport
{
    public static void Write(GateDecision decision, TextWriter writer, bool color, int width)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(writer),
            Ansi = color ? AnsiSupport.Yes : AnsiSupport.No,
            ColorSystem = color ? ColorSystemSupport.Standard : ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
        });
        console.Profile.Width = width;
        console.Write(new Text(Heading(decision) + Environment.NewLine));
        var table = new Table().Border(TableBorder.Ascii).AddColumn("status").AddColumn("check").AddColumn("summary");
        foreach (var check in ReportOrder.Sort(decision.Checks))
        {
            // Every string is plain Text, never markup: summaries carry case ids and other untrusted text.
            table.AddRow(Status(check.Status, color), new Text(check.Id), Summary(check));
        }

        console.Write(table);
        foreach (var note in decision.Notes)
        {
            console.Write(new Text($"note: {note}{Environment.NewLine}"));
        }

        console.Write(new Text(ReportOrder.VerdictLine(decision) + Environment.NewLine, color ? VerdictStyle(decision.Verdict) : Style.Plain));
    }

    internal static string Heading(GateDecision decision)
    {
        var release = decision.Release is { } r ? $" {r.Version} ({Short(r.Digest)})" : "";
        var baseline = decision.Baseline is { } b ? $" vs baseline {b.Version} ({Short(b.Digest)})" : "";
        return $"{decision.Workflow}{release}{baseline}; gate {Short(decision.GateDigest)}";
    }

    internal static string Short(string digest) => digest.StartsWith("sha256:", StringComparison.Ordinal) && digest.Length > 19 ? digest[..19] : digest;

    private static IRenderable Summary(GateCheck check)
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

        return new Text(text);
    }

    private static Text Status(CheckStatus status, bool color)
    {
        var word = DecisionJson.Word(status).ToUpperInvariant();
        if (!color)
        {
            return new Text(word);
        }

        return new Text(word, status switch
        {
            CheckStatus.Fail => new Style(Color.Red),
            CheckStatus.Pending => new Style(Color.Yellow),
            CheckStatus.Warn => new Style(Color.Yellow),
            CheckStatus.Waived => new Style(Color.Blue),
            _ => new Style(Color.Green),
        });
    }

    private static Style VerdictStyle(Verdict verdict) => verdict switch
    {
        Verdict.Blocked => new Style(Color.Red, decoration: Decoration.Bold),
        Verdict.Pending => new Style(Color.Yellow, decoration: Decoration.Bold),
        _ => new Style(Color.Green, decoration: Decoration.Bold),
    };
}
