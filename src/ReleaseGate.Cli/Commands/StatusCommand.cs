using System.CommandLine;
using System.Diagnostics;
using ReleaseGate.Cli.Client;

namespace ReleaseGate.Cli.Commands;

/// <summary>
/// <c>releasegate status --release ID [--wait [--timeout T]]</c>: prints a release's decision. Exits 0 when approved (or
/// shipped), 1 when blocked or rejected, 3 when still pending — with <c>--wait</c>, only once the timeout has passed.
/// </summary>
public static class StatusCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var release = ReleaseOption();
        var wait = new Option<bool>("--wait") { Description = "Wait while the release is pending, until it is approved, blocked or rejected, or the timeout passes." };
        var timeout = new Option<TimeSpan>("--timeout") { Description = "How long --wait waits (default 00:10:00; hh:mm:ss).", DefaultValueFactory = _ => TimeSpan.FromMinutes(10) };
        var interval = new Option<TimeSpan>("--interval") { Description = "How often --wait asks (default 00:00:02).", DefaultValueFactory = _ => TimeSpan.FromSeconds(2) };
        var json = new Option<bool>("--json") { Description = "Print the decision JSON instead of the summary." };
        var command = new Command("status", "Print a release's decision; exit 0 approved, 1 blocked or rejected, 3 pending.") { release, wait, timeout, interval, json };
        Remote.SetAction(command, async (parse, client) =>
        {
            var id = parse.GetRequiredValue(release);
            var clock = Stopwatch.StartNew();
            while (true)
            {
                var answer = await client.GetAsync($"api/v1/releases/{id}");
                if (answer is null)
                {
                    return ExitCodes.BadInput;
                }

                var verdict = Remote.Verdict(answer);
                if (verdict == "pending" && parse.GetValue(wait) && clock.Elapsed < parse.GetValue(timeout))
                {
                    var pause = parse.GetValue(interval);
                    var left = parse.GetValue(timeout) - clock.Elapsed;
                    await Task.Delay(pause < left ? pause : left);
                    continue;
                }

                if (parse.GetValue(json))
                {
                    Console.Out.WriteLine(answer["decision"]?.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }) ?? "null");
                }
                else
                {
                    Remote.Print(answer, Console.Out);
                    if (answer["decision"]?["evidence_digest"] is { } evidence)
                    {
                        // What an approver pins with 'approve --evidence', so that their vote counts only on what they reviewed.
                        Console.Out.WriteLine($"  evidence {evidence.GetValue<string>()}");
                    }

                    if (verdict == "pending" && parse.GetValue(wait))
                    {
                        Console.Error.WriteLine($"still pending after {parse.GetValue(timeout)}.");
                    }
                }

                return Remote.ExitOf(verdict);
            }
        });
        return command;
    }

    /// <summary>The <c>--release</c> option naming a release by id, shared by the verbs that act on one.</summary>
    internal static Option<long> ReleaseOption() => new("--release", "-r")
    {
        Description = "The release's id, as 'submit' prints it.",
        Required = true,
    };
}
