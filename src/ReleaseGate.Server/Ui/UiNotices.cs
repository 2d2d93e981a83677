using System.Collections.Frozen;

namespace ReleaseGate.Server.Ui;

/// <summary>
/// The notices a page shows after an action (<c>?done=key</c>): fixed texts, so that a link cannot make a page say
/// something the server did not write.
/// </summary>
internal static class UiNotices
{
    private static readonly FrozenDictionary<string, string> Texts = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["signed-in"] = "Signed in.",
        ["approved"] = "Your approval is recorded, and the release was decided again.",
        ["rejected"] = "Your rejection is recorded: the release is rejected.",
        ["waiver-granted"] = "The waiver is granted, and the workflow's open releases were decided again.",
        ["waiver-revoked"] = "The waiver is revoked, and the workflow's open releases were decided again.",
        ["shipped"] = "Shipped: the release is now the workflow's baseline.",
        ["verdict-next"] = "Your verdict is recorded. This is the next item.",
        ["verdict-queue-empty"] = "Your verdict is recorded. Your queue is empty now.",
        ["queue-empty"] = "Nothing is waiting for you in that queue.",
        ["given-back"] = "The item is back in its queue.",
        ["bank-active"] = "The case is active: every candidate must pass it.",
        ["bank-quarantined"] = "The case is quarantined: it is replayed and reported, and blocks nothing until its quarantine expires.",
        ["bank-retired"] = "The case is retired: no release replays it any more.",
        ["bank-changed"] = "The case's state changed.",
        ["finding-acknowledged"] = "Finding acknowledged.",
        ["finding-resolved"] = "Finding resolved.",
        ["compliance-run"] = "The compliance run finished; its findings are listed below.",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>The notice for <paramref name="key"/>, or null for an unknown key.</summary>
    public static string? Text(string? key) => key is not null && Texts.TryGetValue(key, out var text) ? text : null;
}
