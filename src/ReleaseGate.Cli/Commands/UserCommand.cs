using System.CommandLine;
using ReleaseGate.Cli.Client;
using ReleaseGate.Server.Api;
using ReleaseGate.Server.Identity;
using ReleaseGate.Storage;
using ReleaseGate.Cli.Output;

namespace ReleaseGate.Cli.Commands;

/// <summary>
/// <c>releasegate user add NAME [--group G…]</c> creates a user (admin, through the server);
/// <c>releasegate user bootstrap --db D --name N</c> creates the first admin directly in a fresh database and prints its token.
/// </summary>
public static class UserCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var name = new Argument<string>("name") { Description = "The user name." };
        var display = new Option<string>("--display-name") { Description = "A display name." };
        var groups = new Option<string[]>("--group") { Description = "Existing groups to add the user to; repeat for several.", AllowMultipleArgumentsPerToken = true };
        var add = new Command("add", "Create a user.") { name, display, groups };
        Remote.SetAction(add, async (parse, client) =>
        {
            var answer = await client.PostJsonAsync("api/v1/users",
                new UserRequestV1(parse.GetRequiredValue(name), parse.GetValue(display), parse.GetValue(groups) ?? []), ApiJsonContext.Default.UserRequestV1);
            if (answer is null)
            {
                return ExitCodes.BadInput;
            }

            Console.Out.WriteLine($"user {Terminal.Safe(answer["name"])} added{(answer["groups"]!.AsArray().Count > 0 ? " to " + string.Join(", ", answer["groups"]!.AsArray().Select(Terminal.Safe)) : "")}");
            return ExitCodes.Pass;
        });

        var db = ServeCommand.DatabaseOption();
        var admin = new Option<string>("--name") { Description = "The first admin's user name.", Required = true };
        var bootstrap = new Command("bootstrap", "Create the first admin in a fresh database (no server needed) and print an admin token once.") { db, admin };
        bootstrap.SetAction(async (parse, cancellationToken) =>
        {
            try
            {
                await using var store = await GateStore.OpenAsync(new GateStoreOptions { Database = ServeCommand.DatabaseOf(parse, db) }, cancellationToken);
                var token = await IdentityAdmin.BootstrapAsync(store, parse.GetRequiredValue(admin), cancellationToken);
                if (token is null)
                {
                    Console.Error.WriteLine($"releasegate: {ProblemCodes.BootstrapRefused}: the database already has users; bootstrap only creates the first admin. Ask an admin for a token ('releasegate token create').");
                    return ExitCodes.BadInput;
                }

                Console.Error.WriteLine($"admin {Terminal.Safe(parse.GetRequiredValue(admin))} created in group '{IdentityAdmin.AdminsGroup}'; the token is shown this once, store it now:");
                Console.Out.WriteLine(token);
                return ExitCodes.Pass;
            }
            catch (GateStoreException ex)
            {
                Console.Error.WriteLine($"releasegate: {ex.Code}: {Terminal.Safe(ex.Message)}");
                return ExitCodes.BadInput;
            }
        });
        return new Command("user", "Users.") { add, bootstrap };
    }
}
