namespace ReleaseGate.Core.Model;

/// <summary>How bad a failure of a case is. Declared most severe first, so that a smaller value is worse.</summary>
public enum Severity
{
    /// <summary>A failure that must block, whatever the averages (for example a wrong refund).</summary>
    Critical,

    /// <summary>A serious failure.</summary>
    High,

    /// <summary>An ordinary failure.</summary>
    Medium,

    /// <summary>A cosmetic failure.</summary>
    Low,
}
