using System.CommandLine;
using ReleaseGate.Cli.Client;
using ReleaseGate.Server.Api;

namespace ReleaseGate.Cli.Commands;

/// <summary><c>releasegate ship --release ID</c>: marks an approved release shipped; it becomes the workflow's baseline.</summary>
public static class ShipCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var release = StatusCommand.ReleaseOption();
        var command = new Command("ship", "Mark an approved release shipped; it becomes the workflow's baseline.") { release };
        Remote.SetAction(command, async (parse, client) =>
        {
            var answer = await client.PostJsonAsync($"api/v1/releases/{parse.GetRequiredValue(release)}/ship", new Dictionary<string, string?>(), ApiJsonContext.Default.DictionaryStringString);
            if (answer is null)
            {
                return ExitCodes.BadInput;
            }

            Remote.Print(answer, Console.Out);
            return ExitCodes.Pass;
        });
        return command;
    }
}
