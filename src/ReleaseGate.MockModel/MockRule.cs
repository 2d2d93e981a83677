using System.Text.RegularExpressions;

namespace ReleaseGate.MockModel;

/// <summary>
/// One scripted answer: when the last user message matches (a regular expression, or plain text it contains), the
/// system prompt contains the rule's text, the conversation contains the rule's text and the model fits, the rule replies. With several replies, the k-th request the rule answers gets reply k mod n: a rule
/// can script a model that fails one time in three.
/// </summary>
/// <threadsafety>Safe to use from many threads; the reply counter is atomic.</threadsafety>
public sealed class MockRule
{
    private long _uses = -1;

    /// <summary>Creates a rule.</summary>
    /// <param name="match">A pattern over the last user message, or null.</param>
    /// <param name="contains">Plain text the last user message must contain, or null.</param>
    /// <param name="model">Only requests for this model, or any model when null.</param>
    /// <param name="replies">The replies, used in turn; at least one.</param>
    /// <param name="system">Plain text the request's system prompt must contain, or null.</param>
    /// <param name="conversation">Plain text the request's transcript (<see cref="Conversation"/>) must contain, or null.</param>
    public MockRule(Regex? match, string? contains, string? model, IReadOnlyList<MockReply> replies, string? system = null, string? conversation = null)
    {
        ArgumentNullException.ThrowIfNull(replies);
        ArgumentOutOfRangeException.ThrowIfZero(replies.Count);
        Match = match;
        Contains = contains;
        Model = model;
        Replies = replies;
        System = system;
        Conversation = conversation;
    }

    /// <summary>The pattern over the last user message, if any.</summary>
    public Regex? Match { get; }

    /// <summary>Text the last user message must contain, if any.</summary>
    public string? Contains { get; }

    /// <summary>Text the system prompt (the request's system and developer messages) must contain, if any.</summary>
    public string? System { get; }

    /// <summary>
    /// Text the request's transcript must contain, if any: every message a line, <c>role: text</c> (a tool's answer as
    /// <c>tool CALL_ID: text</c>), and each tool call of an assistant message a line <c>assistant calls CALL_ID: NAME(ARGUMENTS)</c>.
    /// It matches on any turn of a conversation, not only the last user message.
    /// </summary>
    public string? Conversation { get; }

    /// <summary>The model the rule is for, or null for any.</summary>
    public string? Model { get; }

    /// <summary>The replies, used in turn.</summary>
    public IReadOnlyList<MockReply> Replies { get; }

    /// <summary>
    /// Whether the rule answers a request for <paramref name="model"/> whose last user message is <paramref name="message"/>,
    /// whose system prompt is <paramref name="system"/> (null or empty when it has none) and whose transcript is
    /// <paramref name="transcript"/> (null when not read).
    /// </summary>
    public bool Applies(string? model, string message, string? system = null, string? transcript = null) =>
        (Model is null || string.Equals(Model, model, StringComparison.Ordinal))
        && (System is null || (system is not null && system.Contains(System, StringComparison.Ordinal)))
        && (Conversation is null || (transcript is not null && transcript.Contains(Conversation, StringComparison.Ordinal)))
        && (Contains is null || message.Contains(Contains, StringComparison.Ordinal))
        && (Match is null || Match.IsMatch(message));

    /// <summary>The next reply.</summary>
    public MockReply Next() => Replies.Count == 1 ? Replies[0] : Replies[(int)(Interlocked.Increment(ref _uses) % Replies.Count)];
}
