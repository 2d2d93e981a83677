using System.CommandLine;
using ReleaseGate.Cli.Client;
using ReleaseGate.Server.Api;

namespace ReleaseGate.Cli.Commands;

/// <summary><c>releasegate approve --release ID --stage S --comment C [--evidence sha256:…]</c>: approves a stage; prints the decision after it.</summary>
public static class ApproveCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create() => Vote("approve", "Approve a stage of a release (members of the stage's group; never your own release).", "approvals");

    /// <summary>Builds <c>approve</c> or <c>reject</c>: both send a stage and a comment, and exit as <c>status</c> does.</summary>
    internal static Command Vote(string name, string description, string resource)
    {
        var release = StatusCommand.ReleaseOption();
        var stage = new Option<string>("--stage") { Description = "The approval stage, as the gate names it.", Required = true };
        var comment = new Option<string>("--comment", "-c") { Description = "Why; part of the record.", Required = true };
        var evidence = new Option<string?>("--evidence")
        {
            Description = "The evidence digest you reviewed (sha256:…, as 'status' prints it): the vote is refused if the evidence has changed since.",
        };
        var command = new Command(name, description) { release, stage, comment, evidence };
        Remote.SetAction(command, async (parse, client) =>
        {
            var answer = await client.PostJsonAsync($"api/v1/releases/{parse.GetRequiredValue(release)}/{resource}",
                new VoteRequestV1(parse.GetRequiredValue(stage), parse.GetRequiredValue(comment), parse.GetValue(evidence)), ApiJsonContext.Default.VoteRequestV1);
            if (answer is null)
            {
                return ExitCodes.BadInput;
            }

            Remote.Print(answer, Console.Out);
            return Remote.ExitOf(Remote.Verdict(answer));
        });
        return command;
    }
}
