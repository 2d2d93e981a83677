namespace ReleaseGate.Core.Model;

/// <summary>A parsed eval suite: prompt templates, defaults, and cases.</summary>
public sealed record Suite
{
    /// <summary>The file it was read from.</summary>
    public required string File { get; init; }

    /// <summary>The suite name, as results name it.</summary>
    public required string Name { get; init; }

    /// <summary>What the suite covers.</summary>
    public string? Description { get; init; }

    /// <summary>The system prompt template, if any.</summary>
    public string? SystemPrompt { get; init; }

    /// <summary>The user prompt template.</summary>
    public string? UserPrompt { get; init; }

    /// <summary>The defaults applied to every case.</summary>
    public SuiteDefaults Defaults { get; init; } = SuiteDefaults.None;

    /// <summary>The cases, inline ones first, then those of <see cref="CaseFiles"/> once loaded.</summary>
    public IReadOnlyList<SuiteCase> Cases { get; init; } = [];

    /// <summary>JSONL files holding more cases, relative to the suite file.</summary>
    public IReadOnlyList<string> CaseFiles { get; init; } = [];

    /// <summary>
    /// The suite's prompts as a case's own conversation (a system turn when there is a system prompt, then the user turn), with
    /// their placeholders as written: what a case taken out of this suite carries to replay the input it had under another suite.
    /// </summary>
    public IReadOnlyList<ChatTurn> PromptTurns() => SystemPrompt is { } system
        ? [new ChatTurn { Role = "system", Content = system }, new ChatTurn { Role = "user", Content = UserPrompt ?? "" }]
        : [new ChatTurn { Role = "user", Content = UserPrompt ?? "" }];
}
