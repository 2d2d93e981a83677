using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using ReleaseGate.Cli.Client;
using ReleaseGate.Cli.Output;
using ReleaseGate.Server.Api;

namespace ReleaseGate.Cli.Commands;

/// <summary>
/// <c>releasegate compliance run|runs|findings|show|ack|resolve</c>: compliance monitoring on the server. The schedule runs by
/// itself; these start a run by hand and work the findings it opens.
/// </summary>
public static class ComplianceCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create()
    {
        var command = new Command("compliance", "Compliance monitoring: the workflow's compliance policies re-checked over its shipped releases, on a schedule or now.");
        command.Subcommands.Add(Run());
        command.Subcommands.Add(Runs());
        command.Subcommands.Add(Findings());
        command.Subcommands.Add(Show());
        command.Subcommands.Add(Change("ack", "acknowledge", "Acknowledge an open finding with a note: your group is on it (it still blocks what it blocked)."));
        command.Subcommands.Add(Change("resolve", "resolve", "Resolve a finding, saying how; if its rule is still violated, the next run opens a new one."));
        return command;
    }

    private static Option<bool> JsonOption() => new("--json") { Description = "Print what the API returns (JSON)." };

    private static Command Run()
    {
        var workflow = new Option<string>("--workflow", "-w") { Description = "The workflow whose shipped releases to check.", Required = true };
        var json = JsonOption();
        var command = new Command("run", "Run the workflow's compliance policies over its shipped releases now. Exit 1 when it leaves unresolved findings.") { workflow, json };
        Remote.SetAction(command, async (parse, client) =>
        {
            var w = parse.GetRequiredValue(workflow);
            if (await client.PostJsonAsync($"api/v1/workflows/{Uri.EscapeDataString(w)}/compliance/runs", new Dictionary<string, string?>(), ApiJsonContext.Default.DictionaryStringString) is not { } run)
            {
                return ExitCodes.BadInput;
            }

            if (await client.GetAsync($"api/v1/compliance/findings?workflow={Uri.EscapeDataString(w)}&state=unresolved&limit=1000") is not JsonArray open)
            {
                return ExitCodes.BadInput;
            }

            if (parse.GetValue(json))
            {
                Console.Out.WriteLine(new JsonObject { ["run"] = run.DeepClone(), ["unresolved"] = open.DeepClone() }.ToJsonString(Indented));
            }
            else
            {
                Console.Out.WriteLine($"compliance run {Terminal.Safe(run["id"])} of {Terminal.Safe(w)}: {Terminal.Safe(run["releases"])} shipped {Plural(run["releases"], "release", "releases")} x {Terminal.Safe(run["policies"])} {Plural(run["policies"], "policy", "policies")}, "
                    + $"{Terminal.Safe(run["violations"])} {Plural(run["violations"], "violation", "violations")}; opened {Terminal.Safe(run["opened"])}, resolved {Terminal.Safe(run["resolved"])}");
                if (run["error"] is { } error)
                {
                    Console.Out.WriteLine($"  the run could not evaluate the policies: {Terminal.Safe(error)}");
                }

                PrintFindings(open);
            }

            // A run that could not evaluate is no clean bill of health: fail closed.
            return open.Count == 0 && run["error"] is null ? ExitCodes.Pass : ExitCodes.Blocked;
        });
        return command;
    }

    private static Command Runs()
    {
        var workflow = new Option<string?>("--workflow", "-w") { Description = "Only this workflow's runs." };
        var limit = new Option<int>("--limit") { Description = "At most this many, newest first.", DefaultValueFactory = _ => 20 };
        var json = JsonOption();
        var command = new Command("runs", "List compliance runs, newest first: when each was due, which instance ran it, what it found.") { workflow, limit, json };
        Remote.SetAction(command, async (parse, client) =>
        {
            var filter = parse.GetValue(workflow) is { } w ? $"&workflow={Uri.EscapeDataString(w)}" : "";
            if (await client.GetAsync($"api/v1/compliance/runs?limit={parse.GetValue(limit)}{filter}") is not JsonArray runs)
            {
                return ExitCodes.BadInput;
            }

            if (parse.GetValue(json))
            {
                Console.Out.WriteLine(runs.ToJsonString(Indented));
                return ExitCodes.Pass;
            }

            foreach (var r in runs)
            {
                Console.Out.WriteLine($"{Terminal.Safe(r!["id"]),6} {Terminal.Safe(r["workflow"]),-20} {Terminal.Safe(r["trigger"]),-8} due {Terminal.Safe(r["scheduled_for"])} by {Terminal.Safe(r["actor"])} on {Terminal.Safe(r["instance"])}: "
                    + $"{Terminal.Safe(r["releases"])} releases, {Terminal.Safe(r["violations"])} violations, +{Terminal.Safe(r["opened"])} -{Terminal.Safe(r["resolved"])}");
            }

            Console.Error.WriteLine($"{runs.Count} {(runs.Count == 1 ? "run" : "runs")}");
            return ExitCodes.Pass;
        });
        return command;
    }

    private static Command Findings()
    {
        var workflow = new Option<string?>("--workflow", "-w") { Description = "Only this workflow's findings." };
        var state = new Option<string?>("--state") { Description = "open, acknowledged, resolved, or unresolved (open and acknowledged; the default)." };
        state.AcceptOnlyFromAmong("open", "acknowledged", "resolved", "unresolved", "all");
        var release = new Option<long?>("--release", "-r") { Description = "Only the findings on this release (its id)." };
        var json = JsonOption();
        var command = new Command("findings", "List compliance findings, newest first, with their severity, owner and state. Exit 1 when any listed finding blocks new releases.") { workflow, state, release, json };
        Remote.SetAction(command, async (parse, client) =>
        {
            var query = new List<string> { "limit=1000" };
            if (parse.GetValue(workflow) is { } w)
            {
                query.Add($"workflow={Uri.EscapeDataString(w)}");
            }

            var s = parse.GetValue(state) ?? "unresolved";
            if (s != "all")
            {
                query.Add($"state={s}");
            }

            if (parse.GetValue(release) is { } r)
            {
                query.Add($"release={r.ToString(CultureInfo.InvariantCulture)}");
            }

            if (await client.GetAsync($"api/v1/compliance/findings?{string.Join('&', query)}") is not JsonArray findings)
            {
                return ExitCodes.BadInput;
            }

            if (parse.GetValue(json))
            {
                Console.Out.WriteLine(findings.ToJsonString(Indented));
            }
            else
            {
                PrintFindings(findings);
            }

            return findings.Any(f => f?["blocks_new_releases"]?.GetValue<bool>() == true) ? ExitCodes.Blocked : ExitCodes.Pass;
        });
        return command;
    }

    private static Command Show()
    {
        var id = new Argument<long>("finding") { Description = "The finding's id." };
        var json = JsonOption();
        var command = new Command("show", "Print a finding: the policy, the release, what is wrong, and who acknowledged or resolved it.") { id, json };
        Remote.SetAction(command, async (parse, client) =>
        {
            if (await client.GetAsync($"api/v1/compliance/findings/{parse.GetValue(id)}") is not { } finding)
            {
                return ExitCodes.BadInput;
            }

            if (parse.GetValue(json))
            {
                Console.Out.WriteLine(finding.ToJsonString(Indented));
                return ExitCodes.Pass;
            }

            Print(finding);
            return ExitCodes.Pass;
        });
        return command;
    }

    private static Command Change(string name, string path, string description)
    {
        var id = new Argument<long>("finding") { Description = "The finding's id." };
        var note = new Option<string>("--note", "-m") { Description = name == "ack" ? "What is being done about it." : "How it was resolved.", Required = true };
        var command = new Command(name, description) { id, note };
        Remote.SetAction(command, async (parse, client) =>
        {
            var body = new FindingChangeRequestV1(parse.GetRequiredValue(note));
            if (await client.PostJsonAsync($"api/v1/compliance/findings/{parse.GetValue(id)}/{path}", body, ApiJsonContext.Default.FindingChangeRequestV1) is not { } finding)
            {
                return ExitCodes.BadInput;
            }

            Print(finding);
            return ExitCodes.Pass;
        });
        return command;
    }

    private static void PrintFindings(JsonArray findings)
    {
        foreach (var f in findings)
        {
            var blocks = f!["blocks_new_releases"]?.GetValue<bool>() == true ? " BLOCKS NEW RELEASES" : "";
            Console.Out.WriteLine($"{Terminal.Safe(f["id"]),6} {Terminal.Safe(f["state"]),-12} {Terminal.Safe(f["severity"]),-8} {Terminal.Safe(f["workflow"])} {Terminal.Safe(f["version"])} {Terminal.Safe(f["policy"])} (owner {Terminal.Safe(f["owner"])}){blocks}: {Terminal.Safe(f["message"])}");
        }

        Console.Error.WriteLine($"{findings.Count} {(findings.Count == 1 ? "finding" : "findings")}");
    }

    private static void Print(JsonNode f)
    {
        var output = Console.Out;
        output.WriteLine($"finding {Terminal.Safe(f["id"])}: {Terminal.Safe(f["state"])}, {Terminal.Safe(f["severity"])}{(f["blocks_new_releases"]?.GetValue<bool>() == true ? ", blocks new releases" : "")}");
        output.WriteLine($"  policy:   {Terminal.Safe(f["policy"])} ({Terminal.Safe(f["rule_digest"])}), owner {Terminal.Safe(f["owner"])}");
        output.WriteLine($"  release:  {Terminal.Safe(f["workflow"])} {Terminal.Safe(f["version"])} (id {Terminal.Safe(f["release"])})");
        output.WriteLine($"  problem:  {Terminal.Safe(f["message"])}");
        output.WriteLine($"  opened:   {Terminal.Safe(f["opened_at"])} by run {Terminal.Safe(f["opened_run"])}");
        if (f["acknowledged_by"] is { } by)
        {
            output.WriteLine($"  acknowledged: {Terminal.Safe(f["acknowledged_at"])} by {Terminal.Safe(by)}: {Terminal.Safe(f["ack_note"])}");
        }

        if (f["resolved_by"] is { } resolver)
        {
            output.WriteLine($"  resolved: {Terminal.Safe(f["resolved_at"])} by {Terminal.Safe(resolver)}: {Terminal.Safe(f["resolution"])}");
        }
    }

    private static string Plural(JsonNode? count, string one, string many) => count?.GetValue<int>() == 1 ? one : many;

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };
}
