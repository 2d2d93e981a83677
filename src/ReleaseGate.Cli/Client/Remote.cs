using System.CommandLine;
using System.Text.Json.Nodes;
using ReleaseGate.Cli.Output;

namespace ReleaseGate.Cli.Client;

/// <summary>What every verb that talks to the server shares: the connection options, running the call, and printing a release.</summary>
internal static class Remote
{
    /// <summary>Adds <c>--server</c> and <c>--token</c> to <paramref name="command"/>, and runs <paramref name="run"/> with a client.</summary>
    public static void SetAction(Command command, Func<ParseResult, ServerClient, Task<int>> run)
    {
        var server = ServerConnection.ServerOption();
        var token = ServerConnection.TokenOption();
        command.Options.Add(server);
        command.Options.Add(token);
        command.SetAction(async (parse, cancellationToken) =>
        {
            if (ServerConnection.From(parse, server, token, Console.Error) is not { } connection)
            {
                return ExitCodes.BadInput;
            }

            using var client = new ServerClient(connection, Console.Error);
            return await run(parse, client);
        });
    }

    /// <summary>The exit code for a release's verdict: 0 approved or shipped, 1 blocked or rejected, 3 pending.</summary>
    public static int ExitOf(string? verdict) => verdict switch
    {
        "approved" or "shipped" => ExitCodes.Pass,
        "pending" => ExitCodes.Pending,
        _ => ExitCodes.Blocked,
    };

    /// <summary>The verdict of a release answer.</summary>
    public static string Verdict(JsonNode release) => release["decision"]?["verdict"]?.GetValue<string>() ?? release["state"]?.GetValue<string>() ?? "blocked";

    /// <summary>Prints a release: the verdict line, every check that is not passing, and the link.</summary>
    public static void Print(JsonNode release, TextWriter stdout)
    {
        var verdict = Verdict(release);
        stdout.WriteLine($"{Terminal.Safe(verdict.ToUpperInvariant())}: {Terminal.Safe(release["workflow"])} {Terminal.Safe(release["version"])} (release {Terminal.Safe(release["id"])})");
        if (release["decision"]?["checks"] is JsonArray checks)
        {
            foreach (var check in checks)
            {
                var status = check?["status"]?.GetValue<string>();
                if (status is "fail" or "pending" or "waived" or "warn")
                {
                    stdout.WriteLine($"  {status,-7} {Terminal.Safe(check!["id"])}: {Terminal.Safe(check["summary"])}");
                }
            }
        }

        stdout.WriteLine($"  {Terminal.Safe(release["link"])}");
    }
}
