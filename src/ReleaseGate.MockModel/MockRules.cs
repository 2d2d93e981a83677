namespace ReleaseGate.MockModel;

/// <summary>The scripted answers of a mock model: the first rule that applies answers; otherwise the default.</summary>
/// <param name="Rules">The rules, in file order.</param>
/// <param name="Default">The answer when no rule applies; null echoes the last user message.</param>
public sealed record MockRules(IReadOnlyList<MockRule> Rules, MockRule? Default)
{
    /// <summary>No rules: every answer echoes the last user message.</summary>
    public static MockRules Echo { get; } = new([], null);

    /// <summary>
    /// The rule that answers a request for <paramref name="model"/> with the last user message <paramref name="message"/>,
    /// the system prompt <paramref name="system"/> and the transcript <paramref name="transcript"/>
    /// (<see cref="MockRule.Conversation"/>), or a rule echoing <paramref name="message"/> when none does.
    /// </summary>
    public MockRule Answer(string? model, string message, string? system = null, string? transcript = null)
    {
        foreach (var rule in Rules)
        {
            if (rule.Applies(model, message, system, transcript))
            {
                return rule;
            }
        }

        return Default ?? new MockRule(null, null, null, [new MockReply(message, [])]);
    }

    /// <summary>The model names the rules mention, for <c>/v1/models</c>.</summary>
    public IEnumerable<string> Models => Rules.Select(r => r.Model).OfType<string>().Append("mock").Distinct(StringComparer.Ordinal);
}
