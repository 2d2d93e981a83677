using System.Globalization;
using System.Text.Json.Nodes;
using ReleaseGate.Core.Diagnostics;
using ReleaseGate.Core.Model;
using ReleaseGate.Runner.Targets;

namespace ReleaseGate.Runner.Prompts;

/// <summary>
/// A case's own conversation (<see cref="SuiteCase.Messages"/>) with every turn's text read as a prompt template, under
/// the same rules as the suite's prompts: <c>{{name}}</c> placeholders filled from the case's variables.
/// </summary>
/// <threadsafety>Immutable; render from any thread.</threadsafety>
internal sealed class ConversationTemplate
{
    private readonly IReadOnlyList<(ChatTurn Turn, PromptTemplate? Content)> _turns;

    private ConversationTemplate(IReadOnlyList<(ChatTurn, PromptTemplate?)> turns) => _turns = turns;

    /// <summary>Each turn's template, named for messages (<c>conversation's turn 2 (user)</c>).</summary>
    public IEnumerable<(string What, PromptTemplate Template)> Templates =>
        _turns.Select((t, i) => (Turn(i, t.Turn.Role), t.Content)).Where(t => t.Content is not null).Select(t => (t.Item1, t.Content!));

    /// <summary>Parses every turn's text; a malformed placeholder is an error naming the turn, located at <paramref name="where"/>.</summary>
    public static ConversationTemplate? Parse(IReadOnlyList<ChatTurn> turns, string caseId, SourceLocation where, ICollection<GateError> errors)
    {
        var parsed = new List<(ChatTurn, PromptTemplate?)>(turns.Count);
        var valid = true;
        for (var i = 0; i < turns.Count; i++)
        {
            var turn = turns[i];
            if (turn.Content is null)
            {
                parsed.Add((turn, null));
                continue;
            }

            var found = new List<GateError>();
            var template = PromptTemplate.Parse(turn.Content, where, found);
            foreach (var error in found)
            {
                errors.Add(error with { Message = RunnerMessages.InTurn(Turn(i, turn.Role), caseId, error.Message) });
            }

            valid &= template is not null;
            parsed.Add((turn, template));
        }

        return valid ? new ConversationTemplate(parsed) : null;
    }

    /// <summary>
    /// The request that sends the conversation rendered with <paramref name="vars"/>. A target's system prompt
    /// (<paramref name="systemOverride"/>) replaces the text of the first system turn, or comes first when there is none.
    /// </summary>
    public TargetRequest Request(string suite, string caseId, int repeat, JsonObject vars, PromptTemplate? systemOverride)
    {
        var rendered = new List<ChatTurn>(_turns.Count + 1);
        foreach (var (turn, content) in _turns)
        {
            rendered.Add(content is null ? turn : turn with { Content = content.Render(vars) });
        }

        if (systemOverride is not null)
        {
            var system = systemOverride.Render(vars);
            var first = rendered.FindIndex(t => t.Role == "system");
            if (first >= 0)
            {
                rendered[first] = rendered[first] with { Content = system };
            }
            else
            {
                rendered.Insert(0, new ChatTurn { Role = "system", Content = system });
            }
        }

        var systemText = rendered.FirstOrDefault(t => t.Role == "system")?.Content;
        var userText = rendered.LastOrDefault(t => t.Role == "user")?.Content ?? "";
        return new TargetRequest(suite, caseId, repeat, systemText, userText, vars) { Conversation = rendered };
    }

    private static string Turn(int index, string role) =>
        $"conversation's turn {(index + 1).ToString(CultureInfo.InvariantCulture)} ({role})";
}
