namespace ReleaseGate.Cli.Input;

/// <summary>The files and settings of one <c>releasegate check</c>.</summary>
public sealed record CheckRequest
{
    /// <summary>The gate file.</summary>
    public required string Gate { get; init; }

    /// <summary>Candidate result files (JSONL); lines with <c>"target":"baseline"</c> count for the baseline. <c>-</c> is standard input.</summary>
    public IReadOnlyList<string> Results { get; init; } = [];

    /// <summary>Baseline result files; every line counts for the baseline.</summary>
    public IReadOnlyList<string> BaselineResults { get; init; } = [];

    /// <summary>The candidate release manifest, if any.</summary>
    public string? Release { get; init; }

    /// <summary>The baseline release manifest, if any.</summary>
    public string? BaselineRelease { get; init; }

    /// <summary>A waivers file, if any.</summary>
    public string? Waivers { get; init; }

    /// <summary>The time of the decision.</summary>
    public required DateTimeOffset Now { get; init; }
}
