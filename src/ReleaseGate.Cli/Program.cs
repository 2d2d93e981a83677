using ReleaseGate.Cli;
using ReleaseGate.Runner.Execution;

// Runtime settings that only eval run wants (the thread pool, sockets); every other verb runs without them. They must be
// in place before the thread pool or a socket is first used, so before anything else.
if (EvalRunTuning.Applies(args))
{
    EvalRunTuning.AtStart();
}

// CEL's matches() runs .NET regular expressions: bound every match (DEPENDENCIES.md).
AppContext.SetData("REGEX_DEFAULT_MATCH_TIMEOUT", TimeSpan.FromMilliseconds(200));

return CommandLine.Run(CliRoot.Create(), args);
