using System.Diagnostics.Metrics;

namespace ReleaseGate.Server.Api;

/// <summary>The server's own metrics (meter <see cref="ServerApp.MeterName"/>), exported at <c>/metrics</c> with ASP.NET Core's.</summary>
public sealed class ServerMetrics
{
    private readonly Counter<long> _decisions;
    private readonly Counter<long> _evidenceLines;
    private readonly Counter<long> _approvals;

    /// <summary>Creates the instruments on <paramref name="meters"/>.</summary>
    public ServerMetrics(IMeterFactory meters)
    {
        ArgumentNullException.ThrowIfNull(meters);
        var meter = meters.Create(ServerApp.MeterName);
        _decisions = meter.CreateCounter<long>("releasegate.decisions.changed", "{decision}", "Decisions recorded because a release's decision changed, by verdict.");
        _evidenceLines = meter.CreateCounter<long>("releasegate.evidence.lines", "{line}", "Result lines stored from evidence uploads.");
        _approvals = meter.CreateCounter<long>("releasegate.approvals", "{vote}", "Approvals and rejections recorded, by kind.");
    }

    /// <summary>Counts a recorded decision.</summary>
    public void DecisionChanged(string verdict) => _decisions.Add(1, new KeyValuePair<string, object?>("verdict", verdict));

    /// <summary>Counts stored result lines.</summary>
    public void EvidenceStored(long lines) => _evidenceLines.Add(lines);

    /// <summary>Counts a vote.</summary>
    public void Vote(bool approve) => _approvals.Add(1, new KeyValuePair<string, object?>("kind", approve ? "approve" : "reject"));
}
