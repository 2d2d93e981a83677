namespace ReleaseGate.Runner.Execution;

/// <summary>Counts of one slice on one side of a run (a case with several slices counts in each).</summary>
/// <param name="Side"><c>candidate</c> or <c>baseline</c>.</param>
/// <param name="Slice">The slice, or <c>(all)</c> for the whole suite.</param>
public sealed record SliceSummary(string Side, string Slice)
{
    /// <summary>Executions that passed.</summary>
    public long Passed { get; set; }

    /// <summary>Executions that failed.</summary>
    public long Failed { get; set; }

    /// <summary>Executions that errored.</summary>
    public long Errored { get; set; }

    /// <summary>All executions.</summary>
    public long Total => Passed + Failed + Errored;
}
