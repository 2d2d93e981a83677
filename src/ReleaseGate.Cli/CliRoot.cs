using System.CommandLine;
using ReleaseGate.Cli.Commands;

namespace ReleaseGate.Cli;

/// <summary>The <c>releasegate</c> command tree: every verb, as the executable runs it and as the tests walk it.</summary>
public static class CliRoot
{
    /// <summary>Builds the root command with every verb.</summary>
    public static RootCommand Create()
    {
        var root = new RootCommand("ReleaseGate decides whether a release of an AI workflow may ship.");
        root.Subcommands.Add(CheckCommand.Create());
        root.Subcommands.Add(PolicyTestCommand.Create());

        // Eval runner and mock model.
        root.Subcommands.Add(EvalRunCommand.Create());
        root.Subcommands.Add(MockModelCommand.Create());

        // Assertions engineer: import and init.
        root.Subcommands.Add(ImportCommand.Create());
        root.Subcommands.Add(InitCommand.Create());
        // Storage (issue 5)
        root.Subcommands.Add(AuditCommand.Create());
        root.Subcommands.Add(DbCommand.Create());

        // Server (issue 6): the server and the verbs that talk to it.
        root.Subcommands.Add(ServeCommand.Create());
        root.Subcommands.Add(WorkflowCommand.Create());
        root.Subcommands.Add(SubmitCommand.Create());
        root.Subcommands.Add(StatusCommand.Create());
        root.Subcommands.Add(ApproveCommand.Create());
        root.Subcommands.Add(RejectCommand.Create());
        root.Subcommands.Add(WaiveCommand.Create());
        root.Subcommands.Add(ShipCommand.Create());
        root.Subcommands.Add(TokenCommand.Create());
        root.Subcommands.Add(ReviewCommand.Create());
        root.Subcommands.Add(BankCommand.Create());
        root.Subcommands.Add(ComplianceCommand.Create());
        root.Subcommands.Add(UserCommand.Create());
        root.Subcommands.Add(GroupCommand.Create());
        root.Subcommands.Add(WebhookCommand.Create());
        return root;
    }
}
