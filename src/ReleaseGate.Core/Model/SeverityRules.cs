namespace ReleaseGate.Core.Model;

/// <summary>The <c>severity</c> rules: severities that block on any failure, and caps on failure counts.</summary>
public sealed record SeverityRules
{
    /// <summary>Severities of which any failed or errored case blocks, whatever the averages.</summary>
    public IReadOnlyList<Severity> BlockOn { get; init; } = [];

    /// <summary>The largest number of failed or errored cases allowed per severity.</summary>
    public IReadOnlyDictionary<Severity, int> MaxFailures { get; init; } = new Dictionary<Severity, int>();
}
