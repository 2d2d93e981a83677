namespace ReleaseGate.Core.Bank;

/// <summary>
/// What a regression-bank case carries beyond a suite case: its lifecycle state and provenance. An exported bank
/// writes it under each case's <c>bank:</c> key, so that the file checked into git keeps where each case came from.
/// </summary>
public sealed record BankCaseInfo
{
    /// <summary>The stored state; see <see cref="StateAt"/> for the state at a given time.</summary>
    public BankState State { get; init; } = BankState.Active;

    /// <summary>Where the case came from; none for a hand-kept bank file that does not say.</summary>
    public BankProvenance? Provenance { get; init; }

    /// <summary>The quarantine, while the state is <see cref="BankState.Quarantined"/>.</summary>
    public BankQuarantine? Quarantine { get; init; }

    /// <summary>Why the case was retired, when it is.</summary>
    public string? RetiredReason { get; init; }

    /// <summary>The fingerprint of the case's normalised input (<c>sha256:hex</c>), when known.</summary>
    public string? Fingerprint { get; init; }

    /// <summary>The state at <paramref name="at"/>: a quarantine that has expired by then is active again.</summary>
    /// <param name="at">The time the state is asked for (the release's submission on the server, now locally).</param>
    public BankState StateAt(DateTimeOffset at) =>
        State == BankState.Quarantined && Quarantine is { } q && q.Until <= at ? BankState.Active : State;
}
