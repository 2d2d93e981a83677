using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using ReleaseGate.Cli.Client;
using ReleaseGate.Cli.Output;
using ReleaseGate.Core.Bank;
using ReleaseGate.Core.Diagnostics;
using ReleaseGate.Core.Formats;
using ReleaseGate.Core.Model;
using ReleaseGate.Core.Yaml;
using ReleaseGate.Server.Api;

namespace ReleaseGate.Cli.Commands;

/// <summary>
/// <c>releasegate bank add|list|show|export|quarantine|activate|retire</c>: a workflow's regression bank on the server. Cases come
/// in from a suite file, a failed case of a stored release, a production trace or promptfoo failures; nothing deletes one.
/// </summary>
public static class BankCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create()
    {
        var command = new Command("bank", "The regression bank: cases kept because something went wrong once, replayed against every candidate.");
        command.Subcommands.Add(Add());
        command.Subcommands.Add(List());
        command.Subcommands.Add(Show());
        command.Subcommands.Add(Export());
        command.Subcommands.Add(Change("quarantine", BankState.Quarantined, "Quarantine a flaky or disputed case: it still runs and is reported, but does not block, until --until; then it is active again."));
        command.Subcommands.Add(Change("activate", BankState.Active, "Make a case active again (from quarantine or retirement), or accept a proposed case."));
        command.Subcommands.Add(Change("retire", BankState.Retired, "Retire a case: no longer replayed, kept with its history and the reason."));
        return command;
    }

    private static Option<string> WorkflowOption() => new("--workflow", "-w") { Description = "The workflow whose bank it is.", Required = true };

    private static Argument<string> CaseArgument() => new("case") { Description = "The bank case's id." };

    private static Command Add()
    {
        var workflow = WorkflowOption();
        var file = new Option<string?>("--file") { Description = "A suite file (YAML, with its JSONL case files) whose cases to bank; an exported bank keeps each case's provenance." };
        var from = new Option<string?>("--from") { Description = "A stored release's version: bank its case --case, with its input, assertions, slices and output." };
        var trace = new Option<string?>("--trace") { Description = "A production trace: OpenAI chat-completions JSON (request and response), a list of them, or JSONL." };
        var promptfoo = new Option<string?>("--promptfoo") { Description = "A promptfoo results JSON: bank its failed tests." };
        var caseId = new Option<string[]>("--case") { Description = "With --from: the case to bank. With --file: only these cases (repeatable)." , AllowMultipleArgumentsPerToken = false };
        var suite = new Option<string?>("--suite") { Description = "With --from: the case's suite, when several suites have a case of that id." };
        var id = new Option<string?>("--id") { Description = "The id the case takes in the bank (with --from or a single trace)." };
        var reason = new Option<string>("--reason") { Description = "Why the case is banked; kept with it.", Required = true };
        var incident = new Option<string?>("--incident") { Description = "The incident the case remembers: an id or a link." };
        var assertions = new Option<string[]>("--assert") { Description = "With --trace: an assertion written type:value (tool-not-called:issue_refund, icontains:30 days); repeatable." };
        var severity = new Option<string?>("--severity") { Description = "The case's severity in the bank: with --trace (default high), or with --from (default its severity in the release's suite)." };
        severity.AcceptOnlyFromAmong("critical", "high", "medium", "low");
        var slices = new Option<string[]>("--slice") { Description = "With --trace: a slice of the case; repeatable." };
        var command = new Command("add", "Add cases to a workflow's bank. A case whose normalised input is already banked is linked to that case instead of added twice.")
        {
            workflow, file, from, trace, promptfoo, caseId, suite, id, reason, incident, assertions, severity, slices,
        };
        Remote.SetAction(command, async (parse, client) =>
        {
            var w = parse.GetRequiredValue(workflow);
            var sources = new[] { parse.GetValue(file), parse.GetValue(from), parse.GetValue(trace), parse.GetValue(promptfoo) }.Count(s => s is not null);
            if (sources != 1)
            {
                Console.Error.WriteLine($"releasegate: {ErrorCodes.Usage}: say where the cases come from with exactly one of --file, --from, --trace or --promptfoo.");
                return ExitCodes.BadInput;
            }

            BankAddRequestV1 request;
            var why = parse.GetRequiredValue(reason);
            var inc = parse.GetValue(incident);
            var only = parse.GetValue(caseId) ?? [];
            if (parse.GetValue(from) is { } release)
            {
                if (only.Length != 1)
                {
                    Console.Error.WriteLine($"releasegate: {ErrorCodes.Usage}: --from needs the case to bank: --case ID.");
                    return ExitCodes.BadInput;
                }

                request = new BankAddRequestV1(why, null, inc, null, new BankFromReleaseV1(release, only[0], parse.GetValue(suite), parse.GetValue(id), parse.GetValue(severity)));
            }
            else
            {
                var errors = new List<GateError>();
                var cases = new JsonArray();
                string source;
                if (parse.GetValue(file) is { } path)
                {
                    source = inc is null ? "manual" : "incident";
                    foreach (var c in ReadSuiteCases(path, only, errors))
                    {
                        cases.Add(CaseJson(c, null, null));
                    }
                }
                else
                {
                    var candidates = parse.GetValue(trace) is { } tracePath
                        ? BankImports.Traces(tracePath, parse.GetValue(id), parse.GetValue(assertions) ?? [], parse.GetValue(severity), parse.GetValue(slices) ?? [], errors)
                        : BankImports.PromptfooFailures(parse.GetValue(promptfoo)!, errors);
                    source = parse.GetValue(trace) is null ? "import" : "trace";
                    foreach (var candidate in candidates)
                    {
                        cases.Add(CaseJson(candidate.Case, candidate.OriginalOutput, candidate.Reference));
                    }
                }

                if (errors.Count > 0)
                {
                    foreach (var error in errors.Order())
                    {
                        Console.Error.WriteLine(Terminal.Error(error));
                    }

                    return ExitCodes.BadInput;
                }

                if (cases.Count == 0)
                {
                    Console.Error.WriteLine($"releasegate: {ErrorCodes.Usage}: no case to bank was found; nothing was sent.");
                    return ExitCodes.BadInput;
                }

                request = new BankAddRequestV1(why, source, inc, [.. cases]);
            }

            if (await client.PostJsonAsync($"api/v1/workflows/{Uri.EscapeDataString(w)}/bank", request, ApiJsonContext.Default.BankAddRequestV1) is not JsonArray added)
            {
                return ExitCodes.BadInput;
            }

            foreach (var a in added)
            {
                var outcome = a!["outcome"]!.GetValue<string>();
                Console.Out.WriteLine(outcome switch
                {
                    "added" => $"added {Terminal.Safe(a["case"])} ({Terminal.Safe(a["state"])}) {Terminal.Safe(a["link"])}",
                    "linked" => $"linked {Terminal.Safe(a["case"])} to {Terminal.Safe(a["bank_case"])}, which holds the same input ({Terminal.Safe(a["state"])})",
                    _ => $"known {Terminal.Safe(a["case"])}: {Terminal.Safe(a["bank_case"])} already records this source",
                });
            }

            return ExitCodes.Pass;
        });
        return command;
    }

    /// <summary>A suite case as the API takes it, with what the bank keeps beside it.</summary>
    private static JsonNode CaseJson(SuiteCase c, string? originalOutput, string? reference)
    {
        var json = JsonNode.Parse(BankCaseJson.Write(c with { Bank = null }))!.AsObject();
        if (originalOutput is not null)
        {
            json["original_output"] = originalOutput;
        }

        if (reference is not null)
        {
            json["reference"] = reference;
        }

        if (c.Bank?.Provenance is { } provenance)
        {
            json["provenance"] = JsonNode.Parse(BankProvenanceJson.Write(provenance));
        }

        return json;
    }

    private static List<SuiteCase> ReadSuiteCases(string path, IReadOnlyCollection<string> only, List<GateError> errors)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            errors.Add(new GateError(ErrorCodes.FileUnreadable, $"cannot read the suite file: {e.Message}", SourceLocation.OfFile(path)));
            return [];
        }

        var parsed = SuiteParser.Parse(text, path);
        if (parsed.Value is not { } suite)
        {
            errors.AddRange(parsed.Errors);
            return [];
        }

        foreach (var caseFile in suite.CaseFiles)
        {
            var full = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(path)) ?? ".", caseFile);
            try
            {
                using var stream = File.OpenRead(full);
                var more = SuiteParser.AddCases(suite, stream, full);
                if (more.Value is null)
                {
                    errors.AddRange(more.Errors);
                    return [];
                }

                suite = more.Value;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                errors.Add(new GateError(ErrorCodes.FileUnreadable, $"cannot read case file '{caseFile}': {e.Message}", SourceLocation.OfFile(path)));
                return [];
            }
        }

        var cases = only.Count == 0 ? suite.Cases.ToList() : suite.Cases.Where(c => only.Contains(c.Id)).ToList();
        foreach (var missing in only.Where(o => suite.Cases.All(c => c.Id != o)))
        {
            errors.Add(new GateError(ErrorCodes.Usage, $"the suite has no case '{missing}'.", SourceLocation.OfFile(path)));
        }

        // The bank replays a case under the bank's own prompts: a case that relies on this file's prompts carries them.
        return cases.Select(c => c.Messages is not null || suite.UserPrompt is null ? c : c with { Messages = suite.PromptTurns() }).ToList();
    }

    private static Command List()
    {
        var workflow = WorkflowOption();
        var state = new Option<string?>("--state") { Description = "Only cases in these states, separated by commas: active, quarantined, retired, proposed." };
        var json = new Option<bool>("--json") { Description = "Print the list as the API returns it (JSON)." };
        var command = new Command("list", "List the bank's cases with their state, severity and source.") { workflow, state, json };
        Remote.SetAction(command, async (parse, client) =>
        {
            var w = Uri.EscapeDataString(parse.GetRequiredValue(workflow));
            var filter = parse.GetValue(state) is { } s ? $"&state={Uri.EscapeDataString(s)}" : "";
            var all = new JsonArray();
            string? after = null;
            while (true)
            {
                var page = await client.GetAsync($"api/v1/workflows/{w}/bank?limit=1000{filter}{(after is null ? "" : $"&after={Uri.EscapeDataString(after)}")}");
                if (page is not JsonArray rows)
                {
                    return ExitCodes.BadInput;
                }

                foreach (var row in rows)
                {
                    all.Add(row!.DeepClone());
                }

                if (rows.Count < 1000)
                {
                    break;
                }

                after = rows[^1]!["case"]!.GetValue<string>();
            }

            if (parse.GetValue(json))
            {
                Console.Out.WriteLine(all.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
                return ExitCodes.Pass;
            }

            foreach (var row in all)
            {
                var until = row!["quarantine_until"] is { } u ? $" until {Terminal.Safe(u)} ({Terminal.Safe(row["quarantine_owner"])})" : "";
                var incident = row["incident"] is { } i ? $" {Terminal.Safe(i)}" : "";
                Console.Out.WriteLine($"{Terminal.Safe(row["case"]),-24} {Terminal.Safe(row["state"]),-11} {Terminal.Safe(row["severity"]),-8} {Terminal.Safe(row["source"])}{incident}{until}");
            }

            Console.Error.WriteLine($"{all.Count} {(all.Count == 1 ? "case" : "cases")}");
            return ExitCodes.Pass;
        });
        return command;
    }

    private static Command Show()
    {
        var workflow = WorkflowOption();
        var caseId = CaseArgument();
        var json = new Option<bool>("--json") { Description = "Print the case as the API returns it (JSON)." };
        var command = new Command("show", "Print a bank case: its input and assertions, where it came from, its lifecycle, and its outcome in every release that replayed it.") { workflow, caseId, json };
        Remote.SetAction(command, async (parse, client) =>
        {
            if (await client.GetAsync($"api/v1/workflows/{Uri.EscapeDataString(parse.GetRequiredValue(workflow))}/bank/{Uri.EscapeDataString(parse.GetRequiredValue(caseId))}") is not { } answer)
            {
                return ExitCodes.BadInput;
            }

            if (parse.GetValue(json))
            {
                Console.Out.WriteLine(answer.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
                return ExitCodes.Pass;
            }

            Print(answer);
            return ExitCodes.Pass;
        });
        return command;
    }

    private static void Print(JsonNode answer)
    {
        var summary = answer["summary"]!;
        var provenance = answer["provenance"];
        var output = Console.Out;
        output.WriteLine($"bank case {Terminal.Safe(summary["case"])} of {Terminal.Safe(summary["workflow"])}: {Terminal.Safe(summary["state"])}, {Terminal.Safe(summary["severity"])}");
        output.WriteLine($"  source:    {Terminal.Safe(provenance?["source"])}{(provenance?["incident"] is { } i ? $", incident {Terminal.Safe(i)}" : "")}{(provenance?["release"] is { } r ? $", release {Terminal.Safe(r)}" : "")}{(provenance?["reference"] is { } f ? $" ({Terminal.Safe(f)})" : "")}");
        output.WriteLine($"  added:     {Terminal.Safe(provenance?["added_at"])} by {Terminal.Safe(provenance?["added_by"])}");
        output.WriteLine($"  reason:    {Terminal.Safe(provenance?["reason"])}");
        if (answer["quarantine_reason"] is { } q)
        {
            output.WriteLine($"  quarantined until {Terminal.Safe(summary["quarantine_until"])}, owner {Terminal.Safe(summary["quarantine_owner"])}: {Terminal.Safe(q)}");
        }

        if (answer["retired_reason"] is { } retired)
        {
            output.WriteLine($"  retired:   {Terminal.Safe(retired)}");
        }

        output.WriteLine($"  fingerprint: {Terminal.Safe(answer["fingerprint"])}");
        var c = answer["case"];
        if (c?["vars"] is JsonObject { Count: > 0 } vars)
        {
            output.WriteLine($"  vars:      {Terminal.Safe(vars.ToJsonString())}");
        }

        foreach (var turn in c?["messages"] as JsonArray ?? [])
        {
            output.WriteLine($"  {Terminal.Safe(turn?["role"])}: {Terminal.Safe(turn?["content"])}");
        }

        foreach (var a in c?["assert"] as JsonArray ?? [])
        {
            output.WriteLine($"  assert:    {Terminal.Safe(a?["type"])} {Terminal.Safe(a?["value"]?.ToJsonString())}");
        }

        if (provenance?["original_output"] is { } original)
        {
            output.WriteLine("  original output:");
            foreach (var line in (original.GetValue<string>() ?? "").Split('\n'))
            {
                output.WriteLine($"    {Terminal.Safe(line)}");
            }
        }

        foreach (var link in answer["duplicates"] as JsonArray ?? [])
        {
            output.WriteLine($"  duplicate: {Terminal.Safe(link?["case"])} from {Terminal.Safe(link?["provenance"]?["source"])} by {Terminal.Safe(link?["actor"])} at {Terminal.Safe(link?["at"])}");
        }

        output.WriteLine("  lifecycle:");
        foreach (var e in answer["events"] as JsonArray ?? [])
        {
            var until = e?["until"] is { } u ? $" until {Terminal.Safe(u)} (owner {Terminal.Safe(e["owner"])})" : "";
            output.WriteLine($"    {Terminal.Safe(e?["at"])} {Terminal.Safe(e?["state"])} by {Terminal.Safe(e?["actor"])}{until}: {Terminal.Safe(e?["reason"])}");
        }

        var history = answer["history"] as JsonArray ?? [];
        output.WriteLine(history.Count == 0 ? "  replayed:  by no release yet" : "  replayed:");
        foreach (var h in history)
        {
            var baseline = h?["baseline"] is { } b ? $", baseline {Terminal.Safe(b)}" : "";
            output.WriteLine($"    {Terminal.Safe(h?["release"])} ({Terminal.Safe(h?["release_state"])}): {Terminal.Safe(h?["candidate"] ?? "no result")}{baseline}");
        }
    }

    /// <summary>The most cases an export writes inline in one YAML file; a larger bank gets a JSONL case file beside it.</summary>
    public const int MaxInlineCases = 1000;

    private static Command Export()
    {
        var workflow = WorkflowOption();
        var output = new Option<string?>("--output", "-o") { Description = $"The suite file to write (default: standard output, every case inline). A bank of more than {MaxInlineCases:N0} cases is written as this file naming a JSONL case file beside it (NAME.cases.jsonl), which 'eval run' and 'check' read a line at a time." };
        var state = new Option<string?>("--state") { Description = "The states to export, separated by commas (default: active,quarantined; quarantined cases run but do not block)." };
        var command = new Command("export", "Write the bank as a suite file that 'eval run' replays, each case with its provenance (to check into git).") { workflow, output, state };
        Remote.SetAction(command, async (parse, client) =>
        {
            var w = Uri.EscapeDataString(parse.GetRequiredValue(workflow));
            var query = $"api/v1/workflows/{w}/bank?{(parse.GetValue(state) is { } s ? $"state={Uri.EscapeDataString(s)}&" : "")}format=";
            var path = parse.GetValue(output);
            if (path is null)
            {
                await using var stdout = Console.OpenStandardOutput();
                return await client.DownloadAsync(query + "suite", stdout) ? ExitCodes.Pass : ExitCodes.BadInput;
            }

            // Each file is written beside its target and moved over it once whole: a refused or broken export leaves no half bank.
            var full = Path.GetFullPath(path);
            var caseFile = Path.GetFileNameWithoutExtension(full) + ".cases.jsonl";
            var casePath = Path.Combine(Path.GetDirectoryName(full)!, caseFile);
            var lines = await DownloadAsync(client, query + "jsonl", casePath + ".partial");
            if (lines is not { } count)
            {
                return ExitCodes.BadInput;
            }

            var inline = count <= MaxInlineCases;
            if (await DownloadAsync(client, inline ? query + "suite" : $"{query}suite&case_file={Uri.EscapeDataString(caseFile)}", full + ".partial") is null)
            {
                File.Delete(casePath + ".partial");
                return ExitCodes.BadInput;
            }

            if (inline)
            {
                File.Delete(casePath + ".partial");
            }
            else
            {
                File.Move(casePath + ".partial", casePath, overwrite: true);
            }

            File.Move(full + ".partial", full, overwrite: true);
            Console.Error.WriteLine(inline
                ? $"wrote {path}: {count:N0} {(count == 1 ? "case" : "cases")}"
                : $"wrote {path} and its case file {caseFile}: {count:N0} cases");
            return ExitCodes.Pass;
        });
        return command;
    }

    /// <summary>Downloads to <paramref name="path"/> and counts its lines; null (the file removed) when the server refuses.</summary>
    private static async Task<long?> DownloadAsync(ServerClient client, string query, string path)
    {
        var ok = false;
        await using (var file = new CountingStream(File.Create(path)))
        {
            ok = await client.DownloadAsync(query, file);
            if (ok)
            {
                return file.Lines;
            }
        }

        File.Delete(path);
        return null;
    }

    private static Command Change(string name, BankState to, string description)
    {
        var workflow = WorkflowOption();
        var caseId = CaseArgument();
        var reason = new Option<string>("--reason") { Description = "Why; kept with the case's lifecycle.", Required = true };
        var owner = new Option<string?>("--owner") { Description = "Who owns bringing the case back (a person or a group).", Required = to == BankState.Quarantined };
        var until = new Option<string?>("--until") { Description = "When the quarantine expires: RFC 3339 with a zone, or a duration from now (14d, 48h).", Required = to == BankState.Quarantined };
        var command = new Command(name, description) { workflow, caseId, reason };
        if (to == BankState.Quarantined)
        {
            command.Options.Add(owner);
            command.Options.Add(until);
        }

        Remote.SetAction(command, async (parse, client) =>
        {
            DateTimeOffset? expiry = null;
            if (parse.GetValue(until) is { } text)
            {
                if (DurationText.TryParse(text, out var span))
                {
                    expiry = DateTimeOffset.UtcNow + span;
                }
                else if (TimestampText.TryParse(text, out var at))
                {
                    expiry = at;
                }
                else
                {
                    Console.Error.WriteLine($"releasegate: {ErrorCodes.Usage}: --until '{Terminal.Safe(text)}' is neither a timestamp (2026-12-31T00:00:00Z) nor a duration (14d, 48h).");
                    return ExitCodes.BadInput;
                }
            }

            var request = new BankStateRequestV1(RegressionBank(to), parse.GetRequiredValue(reason), parse.GetValue(owner), expiry);
            if (await client.PostJsonAsync($"api/v1/workflows/{Uri.EscapeDataString(parse.GetRequiredValue(workflow))}/bank/{Uri.EscapeDataString(parse.GetRequiredValue(caseId))}/state",
                    request, ApiJsonContext.Default.BankStateRequestV1) is not { } answer)
            {
                return ExitCodes.BadInput;
            }

            var untilText = answer["quarantine_until"] is { } u ? $" until {Terminal.Safe(u)}" : "";
            Console.Out.WriteLine($"{Terminal.Safe(answer["case"])} is {Terminal.Safe(answer["state"])}{untilText}.");
            return ExitCodes.Pass;
        });
        return command;
    }

    private static string RegressionBank(BankState state) => state switch
    {
        BankState.Quarantined => "quarantined",
        BankState.Retired => "retired",
        _ => "active",
    };
}
