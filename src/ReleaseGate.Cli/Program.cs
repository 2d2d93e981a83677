using System.CommandLine;
using ReleaseGate.Cli;
using ReleaseGate.Cli.Commands;

var root = new RootCommand("ReleaseGate decides whether a release of an AI workflow may ship.");
root.Subcommands.Add(CheckCommand.Create());
return CommandLine.Run(root, args);
