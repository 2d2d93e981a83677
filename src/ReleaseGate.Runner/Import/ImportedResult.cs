namespace ReleaseGate.Runner.Import;

/// <summary>One result line as an importer found it, before it is written.</summary>
internal sealed record ImportedResult
{
    public required string Case { get; init; }

    public bool? Pass { get; init; }

    public string? Error { get; init; }

    public double? Score { get; init; }

    public double? LatencyMs { get; init; }

    public double? Cost { get; init; }

    public string? Output { get; init; }

    public IReadOnlyList<string>? Slices { get; init; }

    public string? Severity { get; init; }

    public IReadOnlyList<ImportedAssertion> Assertions { get; init; } = [];
}

/// <summary>One assertion of an imported result.</summary>
internal sealed record ImportedAssertion(string Type, bool Pass, double? Score, string? Reason);
