namespace ReleaseGate.Storage;

/// <summary>One stored result line of a bank case in a release that replayed it (<see cref="IGateReader.ReadBankReplaysAsync"/>).</summary>
/// <param name="ReleaseId">The release.</param>
/// <param name="Version">The release's version.</param>
/// <param name="ReleaseState">The release's state now.</param>
/// <param name="ReleaseCreatedAt">When the release was submitted.</param>
/// <param name="Line">The line, as stored (candidate or baseline: see <see cref="EvidenceLine.Target"/>).</param>
public sealed record BankReplayLine(long ReleaseId, string Version, ReleaseState ReleaseState, DateTimeOffset ReleaseCreatedAt, EvidenceLine Line)
{
    /// <summary>The source of the evidence run the line came from (an uploaded baseline run's starts with <c>baseline:</c>).</summary>
    public string RunSource { get; init; } = "";
}
