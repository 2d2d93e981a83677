using System.Runtime;
using ReleaseGate.Runner.Execution;

namespace ReleaseGate.Cli;

/// <summary>
/// The runtime settings each verb runs with, chosen from the command line before anything else runs. The servers
/// (<c>serve</c>, <c>mock-model</c>) keep the runtime's defaults: workstation GC with background collections. The other
/// verbs are one-shot commands: they run without background collections, because a background collection's thread
/// competes for the cores with the command's own work and nobody waits on a pause in between (measured on
/// <c>check</c>: docs/benchmarks.md, "check-1m"). <c>eval run</c> has more settings of its own
/// (<see cref="EvalRunTuning"/>). An explicit GC setting in the environment wins.
/// </summary>
public static class VerbTuning
{
    private const string ConcurrentGcVariable = "DOTNET_gcConcurrent";

    /// <summary>Whether the command line names a verb that runs until stopped and keeps the runtime's defaults.</summary>
    /// <param name="args">The process's arguments, without the program name.</param>
    public static bool IsServer(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        return args.Count > 0 && args[0] is "serve" or "mock-model";
    }

    /// <summary>Applies the settings of the verb <paramref name="args"/> names; call it first thing in the entry point.</summary>
    /// <param name="args">The process's arguments, without the program name.</param>
    public static void Apply(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        if (EvalRunTuning.Applies(args))
        {
            EvalRunTuning.AtStart();
        }
        else if (!IsServer(args) && Environment.GetEnvironmentVariable(ConcurrentGcVariable) is null)
        {
            GCSettings.LatencyMode = GCLatencyMode.Batch;
        }
    }
}
