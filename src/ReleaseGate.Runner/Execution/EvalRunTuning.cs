namespace ReleaseGate.Runner.Execution;

/// <summary>
/// The runtime settings of <c>releasegate eval run</c>, and only of it: every other verb, <c>serve</c> above all, runs
/// without them. An eval run is a batch job that keeps many requests in flight against a model server
/// that may share the machine's cores, so it trades responsiveness of the process for CPU left to the requests.
/// Why each setting pays, and the figures: docs/benchmarks.md, "runner-vs-promptfoo".
/// </summary>
/// <remarks>
/// <see cref="AtStart"/> must run before the process uses the thread pool or opens a socket (the first lines of the
/// entry point), because the runtime reads these settings once, when it first needs them. An explicit setting in the
/// environment wins over each of them.
/// </remarks>
public static class EvalRunTuning
{
    /// <summary>The runtime's switch for running socket continuations on the thread that completed the operation.</summary>
    public const string InlineCompletionsVariable = "DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS";

    /// <summary>The thread pool's setting for how long an idle worker spins before it sleeps.</summary>
    public const string SpinLimitSetting = "System.Threading.ThreadPool.UnfairSemaphoreSpinLimit";

    private const string SpinLimitVariable = "DOTNET_ThreadPool_UnfairSemaphoreSpinLimit";

    /// <summary>
    /// The number of executions from which a run starts with a full collection (<see cref="BeforeRun"/>): a shorter run
    /// has few collections of its own, and the forced one would cost about what it spares them.
    /// </summary>
    public const int CollectBeforeRunFrom = 4_000;

    /// <summary>Whether the command line names the <c>eval run</c> verb.</summary>
    /// <param name="args">The process's arguments, without the program name.</param>
    public static bool Applies(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        return args.Count >= 2 && args[0] == "eval" && args[1] == "run";
    }

    /// <summary>Applies the process-wide settings of an eval run; call it first thing in the entry point.</summary>
    public static void AtStart()
    {
        // Idle thread-pool workers sleep at once instead of spinning: spinning burns CPU that the requests in flight,
        // and a model server on the same cores, need. Read when the pool first starts a worker.
        if (AppContext.GetData(SpinLimitSetting) is null && Environment.GetEnvironmentVariable(SpinLimitVariable) is null)
        {
            AppContext.SetData(SpinLimitSetting, "0");
        }

        // An answer's socket completion runs its continuation on the thread that received it, which goes on to send
        // the worker's next request instead of waking a thread-pool thread for it. EvalRunner keeps reading cases and
        // grading off that path, so nothing slow runs there. Read when the process makes its first socket.
        if (Environment.GetEnvironmentVariable(InlineCompletionsVariable) is null)
        {
            Environment.SetEnvironmentVariable(InlineCompletionsVariable, "1");
        }
    }

    /// <summary>
    /// Called once the suite is checked and before the first request. A run long enough to need collections starts with
    /// one full collection: what start-up built to last (clients, the suite) moves to the oldest generation while the
    /// heap is small, and the garbage of the check goes, so the run's own collections, each of which stops every
    /// request in flight, have less to mark.
    /// </summary>
    /// <param name="planned">The number of executions the run will make.</param>
    public static void BeforeRun(long planned)
    {
        if (planned >= CollectBeforeRunFrom)
        {
            GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        }
    }
}
