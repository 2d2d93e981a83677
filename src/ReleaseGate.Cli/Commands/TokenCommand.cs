using System.CommandLine;
using ReleaseGate.Cli.Client;
using ReleaseGate.Server.Api;
using ReleaseGate.Cli.Output;

namespace ReleaseGate.Cli.Commands;

/// <summary><c>releasegate token create --user U --scope S…</c>: creates an API token (admin); prints the token once, alone on standard output.</summary>
public static class TokenCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var user = new Option<string>("--user", "-u") { Description = "The token's owner.", Required = true };
        var scopes = new Option<string[]>("--scope") { Description = "A scope: submit, review, approve or admin; repeat for several.", Required = true, AllowMultipleArgumentsPerToken = true };
        var name = new Option<string>("--name") { Description = "What the token is for (ci, laptop, ...)." };
        var expires = new Option<string>("--expires") { Description = "When the token stops working, RFC 3339 with a zone; default never." };
        var create = new Command("create", "Create an API token; the token is printed once and the server keeps only its hash.") { user, scopes, name, expires };
        Remote.SetAction(create, async (parse, client) =>
        {
            DateTimeOffset? until = null;
            if (parse.GetValue(expires) is { } text)
            {
                if (!Core.Yaml.TimestampText.TryParse(text, out var value))
                {
                    Console.Error.WriteLine($"releasegate: RG1301: --expires must be an RFC 3339 timestamp with a zone; got '{Terminal.Safe(text)}'.");
                    return ExitCodes.BadInput;
                }

                until = value;
            }

            var words = parse.GetRequiredValue(scopes).SelectMany(s => s.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToArray();
            var answer = await client.PostJsonAsync("api/v1/tokens",
                new TokenRequestV1(parse.GetRequiredValue(user), parse.GetValue(name), words, until), ApiJsonContext.Default.TokenRequestV1);
            if (answer is null)
            {
                return ExitCodes.BadInput;
            }

            Console.Error.WriteLine($"token {Terminal.Safe(answer["id"])} for {Terminal.Safe(answer["user"])} ({string.Join(", ", answer["scopes"]!.AsArray().Select(Terminal.Safe))}); it is shown this once, store it now:");
            Console.Out.WriteLine(answer["token"]);
            return ExitCodes.Pass;
        });
        return new Command("token", "API tokens.") { create };
    }
}
