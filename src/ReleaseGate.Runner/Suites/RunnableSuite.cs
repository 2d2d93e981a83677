using ReleaseGate.Core.Diagnostics;
using ReleaseGate.Core.Model;
using ReleaseGate.Runner.Assertions;
using ReleaseGate.Runner.Prompts;

namespace ReleaseGate.Runner.Suites;

/// <summary>
/// A suite that has been validated end to end (every case, template variable and assertion) and can now be run.
/// Cases are streamed from their files again by <see cref="Cases"/>, so a suite of any size runs in bounded memory.
/// </summary>
public sealed class RunnableSuite
{
    internal RunnableSuite(Suite suite, string folder, PromptTemplate? system, PromptTemplate? user, int caseCount)
    {
        Suite = suite;
        Folder = folder;
        System = system;
        User = user;
        CaseCount = caseCount;
    }

    /// <summary>The suite's definition (its inline cases only; case files are streamed).</summary>
    public Suite Suite { get; }

    /// <summary>The suite's name.</summary>
    public string Name => Suite.Name;

    /// <summary>The suite's system prompt template, if any.</summary>
    public PromptTemplate? System { get; }

    /// <summary>The suite's user prompt template; none when every case has its own conversation.</summary>
    public PromptTemplate? User { get; }

    /// <summary>How many cases the suite has.</summary>
    public int CaseCount { get; }

    internal string Folder { get; }

    /// <summary>The cases, in order: inline ones, then each case file's, read as they are consumed.</summary>
    public IEnumerable<PreparedCase> Cases()
    {
        var ignored = new List<GateError>();
        foreach (var (c, _) in SuiteLoader.ReadCases(Suite, Folder, ignored, fast: true))
        {
            // Validated by SuiteLoader.Load: compiling again cannot fail unless the files changed meanwhile. Patterns are
            // not parsed again; a matcher is built when the case's first answer is graded.
            if (CaseAssertions.Prepare(c.Assertions, c.Location).Value is { } compiled)
            {
                var conversation = c.Messages is { } turns ? ConversationTemplate.Parse(turns, c.Id, c.Location, ignored) : null;
                yield return new PreparedCase(c, compiled) { Conversation = conversation };
            }
        }
    }
}
