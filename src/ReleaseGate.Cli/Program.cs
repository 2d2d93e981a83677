using System.CommandLine;
using ReleaseGate.Cli;
using ReleaseGate.Cli.Commands;

// CEL's matches() runs .NET regular expressions: bound every match (DEPENDENCIES.md).
AppContext.SetData("REGEX_DEFAULT_MATCH_TIMEOUT", TimeSpan.FromMilliseconds(200));

var root = new RootCommand("ReleaseGate decides whether a release of an AI workflow may ship.");
root.Subcommands.Add(CheckCommand.Create());
root.Subcommands.Add(PolicyTestCommand.Create());

// Storage (issue 5)
root.Subcommands.Add(AuditCommand.Create());
root.Subcommands.Add(DbCommand.Create());
return CommandLine.Run(root, args);
