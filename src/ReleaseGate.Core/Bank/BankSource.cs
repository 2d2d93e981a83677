namespace ReleaseGate.Core.Bank;

/// <summary>Where a regression-bank case came from.</summary>
public enum BankSource
{
    /// <summary>Written by hand after a production incident.</summary>
    Incident,

    /// <summary>A failed case of a stored release.</summary>
    Release,

    /// <summary>A reviewer's verdict flagged "add to the bank".</summary>
    Review,

    /// <summary>A production trace (OpenAI chat-completions JSON).</summary>
    Trace,

    /// <summary>Imported from another tool's results or from a suite file.</summary>
    Import,

    /// <summary>Written by hand, with no incident behind it.</summary>
    Manual,
}
