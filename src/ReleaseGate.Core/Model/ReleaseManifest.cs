using System.Text.Json.Nodes;
using ReleaseGate.Core.Diagnostics;

namespace ReleaseGate.Core.Model;

/// <summary>
/// A parsed release manifest. Its identity, <see cref="Formats.ReleaseDigest"/>, needs the digests of the files it
/// references, which the caller supplies: Core reads no files.
/// </summary>
public sealed record ReleaseManifest
{
    /// <summary>The manifest file, as given.</summary>
    public required string File { get; init; }

    /// <summary>The workflow this is a release of.</summary>
    public required string Workflow { get; init; }

    /// <summary>The release version, such as <c>2026.11.3</c>.</summary>
    public required string Version { get; init; }

    /// <summary>The model id.</summary>
    public string? Model { get; init; }

    /// <summary>Prompt files by name (a list in the manifest is named by position: <c>0</c>, <c>1</c>, ...).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Prompts { get; init; } = [];

    /// <summary>Whether the prompts were written as a list rather than a mapping.</summary>
    public bool PromptsAsList { get; init; }

    /// <summary>The tools the workflow may call.</summary>
    public IReadOnlyList<string> Tools { get; init; } = [];

    /// <summary>The configuration, as JSON.</summary>
    public JsonObject? Config { get; init; }

    /// <summary>Attachments by name.</summary>
    public IReadOnlyList<Attachment> Attachments { get; init; } = [];

    /// <summary>Where the attachments are written, for messages.</summary>
    public SourceLocation Location { get; init; }

    /// <summary>Every file the manifest references (prompts and attachments), relative to the manifest.</summary>
    public IEnumerable<string> ReferencedFiles() => Prompts.Select(p => p.Value).Concat(Attachments.Select(a => a.File)).Distinct(StringComparer.Ordinal);
}
