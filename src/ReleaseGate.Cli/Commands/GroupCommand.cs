using System.CommandLine;
using ReleaseGate.Cli.Client;
using ReleaseGate.Server.Api;
using ReleaseGate.Cli.Output;

namespace ReleaseGate.Cli.Commands;

/// <summary>
/// <c>releasegate group add NAME [--member U…]</c> creates a group; <c>releasegate group add-member GROUP USER</c> adds a member;
/// <c>releasegate group remove-member GROUP USER</c> removes one (admin).
/// </summary>
public static class GroupCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var name = new Argument<string>("name") { Description = "The group name, as gates write it (approvals[].group, waivers.group)." };
        var description = new Option<string>("--description") { Description = "What the group is for." };
        var members = new Option<string[]>("--member") { Description = "Existing users to add; repeat for several.", AllowMultipleArgumentsPerToken = true };
        var add = new Command("add", "Create a group.") { name, description, members };
        Remote.SetAction(add, async (parse, client) =>
        {
            var answer = await client.PostJsonAsync("api/v1/groups",
                new GroupRequestV1(parse.GetRequiredValue(name), parse.GetValue(description), parse.GetValue(members) ?? []), ApiJsonContext.Default.GroupRequestV1);
            if (answer is null)
            {
                return ExitCodes.BadInput;
            }

            Console.Out.WriteLine($"group {Terminal.Safe(answer["name"])} added with {answer["members"]!.AsArray().Count} members");
            return ExitCodes.Pass;
        });

        var group = new Argument<string>("group") { Description = "The group." };
        var user = new Argument<string>("user") { Description = "The user to add." };
        var addMember = new Command("add-member", "Add a user to a group.") { group, user };
        Remote.SetAction(addMember, async (parse, client) =>
        {
            var answer = await client.PostJsonAsync($"api/v1/groups/{Uri.EscapeDataString(parse.GetRequiredValue(group))}/members", new MemberRequestV1(parse.GetRequiredValue(user)), ApiJsonContext.Default.MemberRequestV1);
            if (answer is null)
            {
                return ExitCodes.BadInput;
            }

            Console.Out.WriteLine($"group {Terminal.Safe(answer["name"])}: {string.Join(", ", answer["members"]!.AsArray().Select(Terminal.Safe))}");
            return ExitCodes.Pass;
        });
        var removedGroup = new Argument<string>("group") { Description = "The group." };
        var removedUser = new Argument<string>("user") { Description = "The member to remove." };
        var removeMember = new Command("remove-member", "Remove a user from a group; every server instance stops counting the membership within a second.") { removedGroup, removedUser };
        Remote.SetAction(removeMember, async (parse, client) =>
        {
            var answer = await client.DeleteAsync(
                $"api/v1/groups/{Uri.EscapeDataString(parse.GetRequiredValue(removedGroup))}/members/{Uri.EscapeDataString(parse.GetRequiredValue(removedUser))}");
            if (answer is null)
            {
                return ExitCodes.BadInput;
            }

            var left = answer["members"]!.AsArray().Select(m => m!.GetValue<string>()).ToList();
            Console.Out.WriteLine($"group {answer["name"]}: {(left.Count == 0 ? "no members" : string.Join(", ", left))}");
            return ExitCodes.Pass;
        });
        return new Command("group", "Groups.") { add, addMember, removeMember };
    }
}
