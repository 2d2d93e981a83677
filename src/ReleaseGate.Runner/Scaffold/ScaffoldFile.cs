namespace ReleaseGate.Runner.Scaffold;

/// <summary>One file <c>releasegate init</c> writes.</summary>
/// <param name="Path">The path relative to the folder scaffolded, with '/' separators.</param>
/// <param name="Content">The text written.</param>
public sealed record ScaffoldFile(string Path, string Content);
