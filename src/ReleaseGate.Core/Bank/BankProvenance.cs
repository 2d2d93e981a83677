namespace ReleaseGate.Core.Bank;

/// <summary>Where a bank case came from, who added it, when and why.</summary>
public sealed record BankProvenance
{
    /// <summary>The kind of source.</summary>
    public required BankSource Source { get; init; }

    /// <summary>Who added it (a user name).</summary>
    public required string AddedBy { get; init; }

    /// <summary>When it was added.</summary>
    public required DateTimeOffset AddedAt { get; init; }

    /// <summary>Why it was added, in the words of whoever added it.</summary>
    public required string Reason { get; init; }

    /// <summary>The incident it remembers: an id or a link; none when there is no incident.</summary>
    public string? Incident { get; init; }

    /// <summary>The release version it was taken from (for a failed case of a release or a reviewer's verdict).</summary>
    public string? Release { get; init; }

    /// <summary>A reference within the source: the suite and case it was taken from, a review item, a trace or file name.</summary>
    public string? Reference { get; init; }

    /// <summary>The output that went wrong, as it was produced (untrusted text).</summary>
    public string? OriginalOutput { get; init; }
}
