namespace ReleaseGate.Storage;

/// <summary>One entry of the hash-chained ledger (DESIGN §7).</summary>
/// <param name="Seq">Its position, from 1, without gaps.</param>
/// <param name="Time">When it was appended (UTC, microsecond precision).</param>
/// <param name="Actor">Who caused it.</param>
/// <param name="Type">What happened.</param>
/// <param name="Subject">What it happened to.</param>
/// <param name="PayloadJson">The payload in canonical JSON.</param>
/// <param name="PrevHash">The previous entry's hash (<see cref="LedgerHash.Genesis"/> for the first entry).</param>
/// <param name="Hash">This entry's hash: SHA-256 over its canonical encoding (<see cref="LedgerHash.Compute(LedgerEntry)"/>).</param>
public sealed record LedgerEntry(
    long Seq,
    DateTimeOffset Time,
    string Actor,
    string Type,
    string Subject,
    string PayloadJson,
    string PrevHash,
    string Hash);
