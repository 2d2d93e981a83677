using ReleaseGate.Core.Model;

namespace ReleaseGate.Core.Evidence;

/// <summary>
/// What the results say about one case on one target: counts of passing, failing and errored executions, and the
/// case's slices and severity. Memory is per case, not per result line.
/// </summary>
/// <threadsafety>Not thread-safe; each reader fills its own instances, merged afterwards.</threadsafety>
public sealed class CaseEvidence(string id)
{
    /// <summary>The case id.</summary>
    public string Id { get; } = id;

    /// <summary>Executions that passed.</summary>
    public int Passed { get; internal set; }

    /// <summary>Executions that ran and failed.</summary>
    public int Failed { get; internal set; }

    /// <summary>Executions that errored (timeouts, 5xx, unparseable output).</summary>
    public int Errored { get; internal set; }

    /// <summary>The sum of the executions' <c>latency_ms</c>, over <see cref="LatencyCount"/> executions that gave one.</summary>
    public double LatencyMsTotal { get; private set; }

    /// <summary>Executions that gave a <c>latency_ms</c>.</summary>
    public int LatencyCount { get; private set; }

    /// <summary>The sum of the executions' <c>cost</c>, over <see cref="CostCount"/> executions that gave one.</summary>
    public double CostTotal { get; private set; }

    /// <summary>Executions that gave a <c>cost</c>.</summary>
    public int CostCount { get; private set; }

    /// <summary>All executions (repeats).</summary>
    public int Executions => Passed + Failed + Errored;

    /// <summary>The most severe severity any result line gave the case, or null when none did.</summary>
    public Severity? Severity { get; internal set; }

    /// <summary>The union of the slices the result lines gave the case, sorted.</summary>
    public IReadOnlyList<string> Slices => _slices;

    /// <summary>Whether the repeats disagree: some passed and some did not.</summary>
    public bool Flaky => Passed > 0 && Failed + Errored > 0;

    private string[] _slices = [];

    /// <summary>Whether the case has a slice spelt with exactly these ASCII bytes (false for other bytes).</summary>
    internal bool HasAsciiSlice(ReadOnlySpan<byte> utf8)
    {
        foreach (var slice in _slices)
        {
            if (slice.Length == utf8.Length && System.Text.Ascii.Equals(utf8, slice))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Adds slices to the case, keeping <see cref="Slices"/> sorted and without repeats.</summary>
    public void AddSlices(ReadOnlySpan<string> slices)
    {
        foreach (var slice in slices)
        {
            if (Array.IndexOf(_slices, slice) < 0)
            {
                var merged = new string[_slices.Length + 1];
                _slices.CopyTo(merged, 0);
                merged[^1] = slice;
                Array.Sort(merged, StringComparer.Ordinal);
                _slices = merged;
            }
        }
    }

    internal void AddSeverity(Severity? severity)
    {
        if (severity is { } s && (Severity is null || s < Severity))
        {
            Severity = s;
        }
    }

    internal void AddMeasures(double? latencyMs, double? cost)
    {
        if (latencyMs is { } l)
        {
            LatencyMsTotal += l;
            LatencyCount++;
        }

        if (cost is { } c)
        {
            CostTotal += c;
            CostCount++;
        }
    }

    internal void Merge(CaseEvidence other)
    {
        LatencyMsTotal += other.LatencyMsTotal;
        LatencyCount += other.LatencyCount;
        CostTotal += other.CostTotal;
        CostCount += other.CostCount;
        Passed += other.Passed;
        Failed += other.Failed;
        Errored += other.Errored;
        AddSeverity(other.Severity);
        AddSlices(other._slices);
    }

    /// <summary>Records one execution's outcome.</summary>
    public void Add(bool? pass, bool errored)
    {
        if (errored)
        {
            Errored++;
        }
        else if (pass == true)
        {
            Passed++;
        }
        else
        {
            Failed++;
        }
    }
}
