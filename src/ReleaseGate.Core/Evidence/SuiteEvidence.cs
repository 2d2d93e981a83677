namespace ReleaseGate.Core.Evidence;

/// <summary>The cases of one suite on one target.</summary>
public sealed class SuiteEvidence
{
    private readonly Dictionary<string, CaseEvidence>.AlternateLookup<ReadOnlySpan<char>> _bySpan;

    /// <summary>Creates the evidence of one suite.</summary>
    public SuiteEvidence(string name)
    {
        Name = name;
        _bySpan = Cases.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <summary>The suite name.</summary>
    public string Name { get; }

    /// <summary>Cases by id.</summary>
    public Dictionary<string, CaseEvidence> Cases { get; } = new(StringComparer.Ordinal);

    /// <summary>The number of result lines read for this suite.</summary>
    public long Lines { get; internal set; }

    /// <summary>Returns the case, adding it if it is new; looks it up without allocating a string.</summary>
    internal CaseEvidence GetOrAdd(ReadOnlySpan<char> id)
    {
        if (!_bySpan.TryGetValue(id, out var evidence))
        {
            var text = new string(id);
            evidence = new CaseEvidence(text);
            Cases.Add(text, evidence);
        }

        return evidence;
    }

    /// <summary>Returns the case, adding it if it is new.</summary>
    public CaseEvidence GetOrAdd(string id)
    {
        if (!Cases.TryGetValue(id, out var evidence))
        {
            evidence = new CaseEvidence(id);
            Cases.Add(id, evidence);
        }

        return evidence;
    }
}
