using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using ReleaseGate.Cli.Client;
using ReleaseGate.Cli.Output;
using ReleaseGate.Server.Api;

namespace ReleaseGate.Cli.Commands;

/// <summary>
/// <c>releasegate review next|show|submit|list|give-back</c>: the review queue from a terminal. Every piece of text a model
/// or a reviewer wrote is printed through <see cref="Terminal.Safe"/>, line by line.
/// </summary>
public static class ReviewCommand
{
    /// <summary>The exit code of <c>review next</c> when no item is waiting for the caller.</summary>
    public const int QueueEmpty = ExitCodes.Pending;

    /// <summary>Creates the command.</summary>
    public static Command Create()
    {
        var command = new Command("review", "Human review of sampled outputs: take the next item of your queue, judge it, list items.");
        command.Subcommands.Add(Next());
        command.Subcommands.Add(Show());
        command.Subcommands.Add(Submit());
        command.Subcommands.Add(List());
        command.Subcommands.Add(GiveBack());
        return command;
    }

    private static Option<bool> JsonOption() => new("--json") { Description = "Print the item as the API returns it (JSON)." };

    private static Argument<long> ItemArgument() => new("item") { Description = "The review item's id, as 'review next' and 'review list' show it." };

    private static Command Next()
    {
        var group = new Option<string?>("--group") { Description = "Only items of this reviewer group (one of yours)." };
        var workflow = new Option<string?>("--workflow", "-w") { Description = "Only items of releases of this workflow." };
        var json = JsonOption();
        var command = new Command("next", $"Reserve the next item waiting for you (for the server's lease, 30 minutes by default) and print everything needed to judge it; exit {QueueEmpty} when none waits.") { group, workflow, json };
        Remote.SetAction(command, async (parse, client) =>
        {
            var answer = await client.PostJsonAsync("api/v1/reviews/next", new ReviewNextRequestV1(parse.GetValue(group), parse.GetValue(workflow)), ApiJsonContext.Default.ReviewNextRequestV1);
            if (answer is null)
            {
                return ExitCodes.BadInput;
            }

            if (answer is JsonObject { Count: 0 })
            {
                Console.Error.WriteLine("no review item is waiting for you.");
                return QueueEmpty;
            }

            Print(answer, parse.GetValue(json));
            return ExitCodes.Pass;
        });
        return command;
    }

    private static Command Show()
    {
        var item = ItemArgument();
        var json = JsonOption();
        var command = new Command("show", "Print a review item: the case, the candidate's and the baseline's outputs, and the verdicts once you have given yours.") { item, json };
        Remote.SetAction(command, async (parse, client) =>
        {
            if (await client.GetAsync($"api/v1/reviews/{Id(parse.GetRequiredValue(item))}") is not { } answer)
            {
                return ExitCodes.BadInput;
            }

            Print(answer, parse.GetValue(json));
            return ExitCodes.Pass;
        });
        return command;
    }

    private static Command Submit()
    {
        var item = ItemArgument();
        var verdict = new Option<string>("--verdict") { Description = "pass or fail.", Required = true };
        verdict.AcceptOnlyFromAmong("pass", "fail");
        var severity = new Option<string?>("--severity") { Description = "How bad a failure is: critical, high, medium or low (raises the case's severity, never lowers it)." };
        severity.AcceptOnlyFromAmong("critical", "high", "medium", "low");
        var comment = new Option<string?>("--comment", "-c") { Description = "Why; required for a fail and for an adjudication." };
        var bank = new Option<bool>("--add-to-bank") { Description = "Ask for the case to become a regression-bank case." };
        var command = new Command("submit", "Give your verdict on a review item; the release is decided again at once.") { item, verdict, severity, comment, bank };
        Remote.SetAction(command, async (parse, client) =>
        {
            var answer = await client.PostJsonAsync($"api/v1/reviews/{Id(parse.GetRequiredValue(item))}/verdicts",
                new ReviewVerdictRequestV1(parse.GetRequiredValue(verdict), parse.GetValue(severity), parse.GetValue(comment), parse.GetValue(bank)),
                ApiJsonContext.Default.ReviewVerdictRequestV1);
            if (answer is null)
            {
                return ExitCodes.BadInput;
            }

            var summary = answer["item"]!;
            Console.Out.WriteLine($"recorded: {Terminal.Safe(answer["verdict"]?["verdict"])} on review item {Terminal.Safe(summary["id"])} ({Terminal.Safe(summary["suite"])}/{Terminal.Safe(summary["case"])}), now {Terminal.Safe(summary["state"])}.");
            Remote.Print(answer["release"]!, Console.Out);
            return ExitCodes.Pass;
        });
        return command;
    }

    private static Command List()
    {
        var release = new Option<long?>("--release", "-r") { Description = "Every item of this release, in every state (default: the open items of every release)." };
        var group = new Option<string?>("--group") { Description = "Only items of this reviewer or adjudicator group." };
        var workflow = new Option<string?>("--workflow", "-w") { Description = "Only items of this workflow's releases." };
        var all = new Option<bool>("--void") { Description = "With --release: also the items voided when new evidence resampled the release." };
        var command = new Command("list", "List review items: the open ones, oldest first, or a release's.") { release, group, workflow, all };
        Remote.SetAction(command, async (parse, client) =>
        {
            var query = new List<string>();
            if (parse.GetValue(release) is { } r)
            {
                query.Add($"release={Id(r)}");
                if (parse.GetValue(all))
                {
                    query.Add("void=true");
                }
            }

            if (parse.GetValue(group) is { } g)
            {
                query.Add($"group={Uri.EscapeDataString(g)}");
            }

            if (parse.GetValue(workflow) is { } w)
            {
                query.Add($"workflow={Uri.EscapeDataString(w)}");
            }

            if (await client.GetAsync("api/v1/reviews" + (query.Count == 0 ? "" : "?" + string.Join('&', query))) is not JsonArray items)
            {
                return ExitCodes.BadInput;
            }

            Console.Out.WriteLine("ID\tRELEASE\tREVIEW\tCASE\tREASON\tGROUP\tVERDICTS\tSTATE");
            foreach (var i in items)
            {
                Console.Out.WriteLine(string.Join('\t',
                    Terminal.Safe(i!["id"]), Terminal.Safe(i["release_id"]), Terminal.Safe(i["review"]), $"{Terminal.Safe(i["suite"])}/{Terminal.Safe(i["case"])}",
                    Terminal.Safe(i["reason"]), Terminal.Safe(i["state"]?.GetValue<string>() == "adjudication" ? i["adjudicator"] : i["group"]),
                    $"{Terminal.Safe(i["verdicts"])}/{Terminal.Safe(i["reviewers_per_item"])}", Terminal.Safe(i["state"])));
            }

            return ExitCodes.Pass;
        });
        return command;
    }

    private static Command GiveBack()
    {
        var item = ItemArgument();
        var command = new Command("give-back", "Give a reserved item back to its queue before its lease ends.") { item };
        Remote.SetAction(command, async (parse, client) =>
        {
            if (await client.DeleteAsync($"api/v1/reviews/{Id(parse.GetRequiredValue(item))}/lease") is null)
            {
                return ExitCodes.BadInput;
            }

            Console.Out.WriteLine($"review item {Id(parse.GetRequiredValue(item))} is back in its queue.");
            return ExitCodes.Pass;
        });
        return command;
    }

    private static string Id(long id) => id.ToString(CultureInfo.InvariantCulture);

    /// <summary>Prints an item (<see cref="ReviewItemV1"/>) as text, or as its JSON.</summary>
    private static void Print(JsonNode answer, bool json)
    {
        if (json)
        {
            Console.Out.WriteLine(answer.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
            return;
        }

        var o = Console.Out;
        var item = answer["item"]!;
        var role = answer["adjudication"]?.GetValue<bool>() == true ? $"settle the dispute, for {Terminal.Safe(item["adjudicator"])}" : $"review for {Terminal.Safe(item["group"])}";
        o.WriteLine($"review item {Terminal.Safe(item["id"])}: {Terminal.Safe(item["suite"])}/{Terminal.Safe(item["case"])} of {Terminal.Safe(item["workflow"])} release {Terminal.Safe(item["release_id"])} ({role}; sampled as {Terminal.Safe(item["reason"])})");
        o.WriteLine($"  state {Terminal.Safe(item["state"])}, {Terminal.Safe(answer["verdict_count"])} of {Terminal.Safe(item["reviewers_per_item"])} verdicts"
            + (answer["lease_expires"] is { } lease ? $"; reserved for you until {Terminal.Safe(lease)}" : ""));
        if (answer["case"] is JsonObject c)
        {
            o.WriteLine($"case: severity {Terminal.Safe(c["severity"])}, slices {Terminal.Safe(string.Join(", ", (c["slices"] as JsonArray ?? []).Select(s => s?.ToString())))}");
            Block(o, "vars", c["vars"]?.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
            Block(o, "prompt", c["user_prompt"]?.ToString());
        }

        Executions(o, "candidate", answer["candidate"] as JsonArray);
        Executions(o, "baseline", answer["baseline"] as JsonArray);
        if (answer["verdicts"] is JsonArray verdicts)
        {
            o.WriteLine("verdicts:");
            foreach (var v in verdicts)
            {
                o.WriteLine($"  {Terminal.Safe(v!["reviewer"])}: {Terminal.Safe(v["verdict"])}{(v["severity"] is { } s ? $" ({Terminal.Safe(s)})" : "")}{(v["adjudication"]?.GetValue<bool>() == true ? ", adjudication" : "")} — {Terminal.Safe(v["comment"])}");
            }
        }
        else
        {
            o.WriteLine("verdicts: hidden until you give yours (blind review).");
        }

        o.WriteLine($"  {Terminal.Safe(item["link"])}");
    }

    private static void Executions(TextWriter o, string side, JsonArray? lines)
    {
        if (lines is null || lines.Count == 0)
        {
            o.WriteLine($"{side}: no result");
            return;
        }

        o.WriteLine($"{side}: {lines.Count} {(lines.Count == 1 ? "execution" : "executions")}");
        foreach (var line in lines)
        {
            var outcome = line?["error"] is JsonValue e && e.GetValueKind() == JsonValueKind.String ? $"error: {Terminal.Safe(e)}"
                : line?["pass"]?.GetValueKind() == JsonValueKind.True ? "pass" : "fail";
            o.WriteLine($"  repeat {Terminal.Safe(line?["repeat"] ?? 0)}: {outcome}");
            Block(o, "output", line?["output"]?.ToString(), "    ");
            foreach (var call in line?["tool_calls"] as JsonArray ?? [])
            {
                o.WriteLine($"    tool call {Terminal.Safe(call?["name"])}({Terminal.Safe(call?["arguments"])})");
            }

            foreach (var a in line?["assertions"] as JsonArray ?? [])
            {
                o.WriteLine($"    {(a?["pass"]?.GetValueKind() == JsonValueKind.True ? "pass" : "fail")} {Terminal.Safe(a?["type"])}: {Terminal.Safe(a?["reason"])}");
            }
        }
    }

    /// <summary>Prints multi-line text one escaped line at a time, indented.</summary>
    private static void Block(TextWriter o, string label, string? text, string indent = "")
    {
        if (text is null)
        {
            return;
        }

        o.WriteLine($"{indent}{label}:");
        foreach (var line in text.ReplaceLineEndings("\n").Split('\n'))
        {
            o.WriteLine($"{indent}  {Terminal.Safe(line)}");
        }
    }
}
