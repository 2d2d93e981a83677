namespace ReleaseGate.Storage;

/// <summary>How a ledger entry fails to verify.</summary>
public enum LedgerBreakKind
{
    /// <summary>The entry's content does not hash to its stored hash: a byte was changed.</summary>
    HashMismatch,

    /// <summary>The entry's previous hash is not the hash of the entry before it: an entry was removed, replaced or reordered.</summary>
    ChainMismatch,

    /// <summary>A sequence number is missing or out of order: an entry was deleted or renumbered.</summary>
    SequenceGap,

    /// <summary>The head record does not match the last entry: entries were cut off the end.</summary>
    HeadMismatch,
}
