using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using ReleaseGate.Cli.Client;
using ReleaseGate.Cli.Output;
using ReleaseGate.Server.Api;

namespace ReleaseGate.Cli.Commands;

/// <summary>
/// <c>releasegate token create --user U --scope S…</c> creates an API token (admin) and prints it once, alone on standard
/// output; <c>releasegate token list [--user U]</c> lists tokens by id, never the tokens themselves;
/// <c>releasegate token revoke ID</c> revokes one.
/// </summary>
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

        var owner = new Option<string>("--user", "-u") { Description = "Only this user's tokens." };
        var list = new Command("list", "List API tokens with their id, owner, scopes, and created, expiry and revocation times; never the tokens.") { owner };
        Remote.SetAction(list, async (parse, client) =>
        {
            var path = parse.GetValue(owner) is { } u ? $"api/v1/tokens?user={Uri.EscapeDataString(u)}" : "api/v1/tokens";
            if (await client.GetAsync(path) is not JsonArray tokens)
            {
                return ExitCodes.BadInput;
            }

            Console.Out.WriteLine("ID\tUSER\tNAME\tSCOPES\tCREATED\tEXPIRES\tREVOKED");
            foreach (var t in tokens)
            {
                Console.Out.WriteLine(string.Join('\t',
                    t!["id"]!.GetValue<long>().ToString(CultureInfo.InvariantCulture),
                    Terminal.Safe(t["user"]!.GetValue<string>()),
                    Terminal.Safe(t["name"]!.GetValue<string>()),
                    string.Join(',', t["scopes"]!.AsArray().Select(x => Terminal.Safe(x!.GetValue<string>()))),
                    Time(t["created_at"]),
                    Time(t["expires_at"]),
                    Time(t["revoked_at"])));
            }

            return ExitCodes.Pass;
        });

        var id = new Argument<long>("id") { Description = "The token's id, as 'token list' and 'token create' show it." };
        var revoke = new Command("revoke", "Revoke an API token; every server instance refuses it within a second. The last live admin token cannot be revoked.") { id };
        Remote.SetAction(revoke, async (parse, client) =>
        {
            var answer = await client.PostJsonAsync($"api/v1/tokens/{parse.GetRequiredValue(id).ToString(CultureInfo.InvariantCulture)}/revoke",
                new Dictionary<string, string?>(), ApiJsonContext.Default.DictionaryStringString);
            if (answer is null)
            {
                return ExitCodes.BadInput;
            }

            Console.Out.WriteLine($"token {answer["id"]} of {Terminal.Safe(answer["user"]!.GetValue<string>())} ({Terminal.Safe(answer["name"]!.GetValue<string>())}) revoked at {Time(answer["revoked_at"])}");
            return ExitCodes.Pass;
        });
        return new Command("token", "API tokens.") { create, list, revoke };
    }

    private static string Time(JsonNode? value) =>
        value is null ? "-" : value.GetValue<DateTimeOffset>().ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
