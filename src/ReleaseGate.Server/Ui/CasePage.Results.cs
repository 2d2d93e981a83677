using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using ReleaseGate.Core.Model;
using ReleaseGate.Storage;

namespace ReleaseGate.Server.Ui;

internal static partial class CasePage
{
    /// <summary>The most characters of one output or input the page writes; the rest is counted, not shown.</summary>
    public const int TextShown = 100_000;

    // Text is HTML-encoded when written; JSON escaping of '<' or '&' on top would only make it unreadable.
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>One assertion's outcome as a result line records it.</summary>
    private sealed record AssertionLine(string Type, bool? Pass, double? Score, string? Reason, double? Threshold);

    /// <summary>One stored result line, read for the page: every field optional, any value shown as text.</summary>
    private sealed record ResultLine(
        long LineNumber, int Repeat, bool? Pass, string? Error, double? Score, double? LatencyMs, double? Cost, string? Output, bool Refusal,
        IReadOnlyList<(string Name, string Arguments)> ToolCalls, IReadOnlyList<AssertionLine> Assertions, IReadOnlyList<string> Slices,
        string? Severity, JsonObject Json)
    {
        public static ResultLine From(EvidenceLine line)
        {
            JsonObject json;
            try
            {
                json = JsonNode.Parse(line.Json) as JsonObject ?? [];
            }
            catch (JsonException)
            {
                // Stored lines were valid JSON when uploaded; a line that is not is shown by its indexed fields alone.
                json = [];
            }

            var calls = (json["tool_calls"] as JsonArray ?? []).Select(c => c is JsonObject o
                ? (Text(o["name"]) ?? "?", Text(o["arguments"]) ?? "")
                : (Text(c) ?? "?", "")).ToList();
            var assertions = (json["assertions"] as JsonArray ?? []).OfType<JsonObject>().Select(a => new AssertionLine(
                Text(a["type"]) ?? "?", Bool(a["pass"]), Number(a["score"]), Text(a["reason"]), Number(a["threshold"]))).ToList();
            return new ResultLine(line.LineNumber, line.Repeat, line.Pass, line.Error, line.Score, line.LatencyMs, line.Cost, Text(json["output"]),
                Bool(json["refusal"]) == true, calls, assertions, (json["slices"] as JsonArray ?? []).Select(Text).OfType<string>().ToList(),
                Text(json["severity"]), json);
        }
    }

    private static void Input(Html html, Suite? suite, SuiteCase? defined, ResultLine? line)
    {
        html.Tag("h2", "Input", ("id", "input"));
        if (defined is not null)
        {
            if (defined.Messages is { } messages)
            {
                html.Tag("h3", "Conversation");
                Conversation(html, messages);
            }
            else if (suite?.UserPrompt is { } user)
            {
                if (suite.SystemPrompt is { } system)
                {
                    html.Tag("h3", "System prompt template").Tag("pre", Cap(system), ("class", "input"));
                }

                html.Tag("h3", "User prompt template").Tag("pre", Cap(user), ("class", "input"));
            }

            html.Tag("h3", "Variables").Tag("pre", Cap(defined.Vars.ToJsonString(Indented)), ("class", "input"), ("data-input", "vars"));
            if (defined.Assertions.Count > 0)
            {
                html.Tag("h3", "Assertions the case defines").Open("ul");
                foreach (var a in defined.Assertions)
                {
                    html.Open("li").Tag("code", a.Type).Text(a.Value is null ? "" : " ").Tag("code", a.Value is null ? null : Cap(a.Value.ToJsonString(Indented)))
                        .Text(a.Threshold is { } t ? $" (threshold {t.ToString(CultureInfo.InvariantCulture)})" : "").Close("li");
                }

                html.Close("ul");
            }

            return;
        }

        // Without a suite file, the input is what the result lines carry (importers keep promptfoo's vars and prompt).
        var shown = false;
        foreach (var field in (string[])["vars", "prompt", "messages", "input"])
        {
            if (line?.Json[field] is { } value)
            {
                html.Tag("h3", field).Tag("pre", Cap(value is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : value.ToJsonString(Indented)),
                    ("class", "input"), ("data-input", field));
                shown = true;
            }
        }

        if (!shown)
        {
            html.Tag("p", "The gate names no suite file that defines this case, and its results do not carry the input.", ("class", "muted"));
        }
    }

    private static void Conversation(Html html, IReadOnlyList<ChatTurn> messages)
    {
        html.Open("ol", ("class", "conversation"));
        foreach (var turn in messages)
        {
            html.Open("li").Tag("strong", turn.Role);
            if (turn.ToolCallId is { } callId)
            {
                html.Text(" answering ").Tag("code", callId);
            }

            if (turn.Content is { } content)
            {
                html.Tag("pre", Cap(content), ("class", "input"));
            }

            foreach (var call in turn.ToolCalls)
            {
                html.Open("div").Text("calls ").Tag("code", call.Name).Tag("pre", Cap(call.Arguments)).Close("div");
            }

            html.Close("li");
        }

        html.Close("ol");
    }

    private static void Results(Html html, List<ResultLine> candidate, List<ResultLine> baseline)
    {
        html.Tag("h2", "Results: candidate and baseline side by side", ("id", "results"));
        if (candidate.Count == 0 && baseline.Count == 0)
        {
            html.Tag("p", "No result names this case: the case is missing from the evidence.", ("class", "problem"));
            return;
        }

        candidate = [.. candidate.OrderBy(l => l.Repeat).ThenBy(l => l.LineNumber)];
        baseline = [.. baseline.OrderBy(l => l.Repeat).ThenBy(l => l.LineNumber)];
        var rows = Math.Max(candidate.Count, baseline.Count);
        for (var i = 0; i < Math.Min(rows, RepeatsShown); i++)
        {
            var repeat = (i < candidate.Count ? candidate[i] : baseline[i]).Repeat;
            html.Tag("h3", $"Repeat {repeat}", ("id", $"repeat-{i}"));
            html.Open("div", ("class", "side-by-side"), ("data-row", i.ToString(CultureInfo.InvariantCulture)));
            Side(html, "Candidate", "candidate", i < candidate.Count ? candidate[i] : null);
            Side(html, "Baseline", "baseline", i < baseline.Count ? baseline[i] : null);
            html.Close("div");
        }

        if (rows > RepeatsShown)
        {
            html.Tag("p", $"and {rows - RepeatsShown} more repeats", ("class", "muted"));
        }
    }

    private static void Side(Html html, string title, string kind, ResultLine? line)
    {
        html.Open("div", ("class", $"side {kind}"), ("data-side", kind)).Open("h4").Text(title).Text(" ");
        if (line is null)
        {
            html.Close("h4").Tag("p", "no result for this repeat", ("class", "muted")).Close("div");
            return;
        }

        var status = line.Error is not null ? "error" : line.Pass == true ? "pass" : "fail";
        html.Tag("span", status, ("class", $"badge s-{status}")).Close("h4");
        html.Open("dl", ("class", "facts"));
        if (line.LatencyMs is { } latency)
        {
            html.Tag("dt", "Latency").Tag("dd", latency.ToString("0.#", CultureInfo.InvariantCulture) + " ms");
        }

        if (line.Score is { } score)
        {
            html.Tag("dt", "Score").Tag("dd", score.ToString("0.###", CultureInfo.InvariantCulture));
        }

        if (line.Cost is { } cost)
        {
            html.Tag("dt", "Cost").Tag("dd", cost.ToString("0.######", CultureInfo.InvariantCulture));
        }

        if (line.Error is { } error)
        {
            html.Tag("dt", "Error").Open("dd").Tag("pre", Cap(error), ("class", "error")).Close("dd");
        }

        html.Close("dl");
        html.Tag("h5", line.Refusal ? "Output (a refusal)" : "Output");
        if (line.Output is { } output)
        {
            html.Tag("pre", Cap(output), ("class", "output"), ("data-output", kind));
        }
        else
        {
            html.Tag("p", "no output", ("class", "muted"));
        }

        if (line.ToolCalls.Count > 0)
        {
            html.Tag("h5", "Tool calls").Open("ol", ("class", "tool-calls"));
            foreach (var (name, arguments) in line.ToolCalls)
            {
                html.Open("li").Tag("code", name).Tag("pre", Cap(arguments)).Close("li");
            }

            html.Close("ol");
        }

        if (line.Assertions.Count > 0)
        {
            html.Tag("h5", "Assertions").Open("div", ("class", "table")).Open("table", ("class", "assertions")).Open("thead").Open("tr")
                .Tag("th", "Type", ("scope", "col")).Tag("th", "Verdict", ("scope", "col")).Tag("th", "Reason", ("scope", "col")).Close("tr").Close("thead").Open("tbody");
            foreach (var a in line.Assertions)
            {
                var verdict = a.Pass switch { true => "pass", false => "fail", null => "—" };
                html.Open("tr").Open("td").Tag("code", a.Type).Close("td")
                    .Open("td").Tag("span", verdict, ("class", $"badge s-{verdict}"))
                    .Text(a.Score is { } s ? $" {s.ToString("0.##", CultureInfo.InvariantCulture)}" : "")
                    .Text(a.Threshold is { } t ? $" (min {t.ToString("0.##", CultureInfo.InvariantCulture)})" : "").Close("td")
                    .Tag("td", a.Reason is null ? "" : Cap(a.Reason), ("class", "reason")).Close("tr");
            }

            html.Close("tbody").Close("table").Close("div");
        }

        html.Close("div");
    }

    private static string Cap(string text) =>
        text.Length <= TextShown ? text : string.Concat(text.AsSpan(0, TextShown), $"\n… and {text.Length - TextShown:N0} more characters");

    private static string? Text(JsonNode? node) => node switch
    {
        null => null,
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
        _ => node.ToJsonString(Indented),
    };

    private static bool? Bool(JsonNode? node) => node is JsonValue v && v.TryGetValue<bool>(out var b) ? b : null;

    private static double? Number(JsonNode? node) => node is JsonValue v && v.TryGetValue<double>(out var d) ? d : null;
}
