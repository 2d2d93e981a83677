using System.Text.RegularExpressions;

namespace ReleaseGate.MockModel;

/// <summary>One scripted answer: when <see cref="Match"/> matches the last user message (and the model fits), answer so.</summary>
/// <param name="Match">The pattern over the last user message; null matches every message.</param>
/// <param name="Model">Only requests for this model, or any model when null.</param>
/// <param name="Answer">The assistant's text.</param>
/// <param name="ToolCalls">Tool calls the assistant makes, as name and JSON arguments.</param>
public sealed record MockRule(Regex? Match, string? Model, string Answer, IReadOnlyList<MockToolCall> ToolCalls)
{
    /// <summary>Whether the rule answers a request for <paramref name="model"/> whose last user message is <paramref name="message"/>.</summary>
    public bool Applies(string? model, string message) =>
        (Model is null || string.Equals(Model, model, StringComparison.Ordinal)) && (Match is null || Match.IsMatch(message));
}

/// <summary>A tool call in a scripted answer.</summary>
/// <param name="Name">The function name.</param>
/// <param name="Arguments">The arguments as JSON text.</param>
public sealed record MockToolCall(string Name, string Arguments);
