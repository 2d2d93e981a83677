using ReleaseGate.Core.Diagnostics;

namespace ReleaseGate.Cli.Output;

/// <summary>
/// What every text renderer of the command line passes untrusted text through before it reaches a terminal: values from
/// the server, from input files and from model output. It is <see cref="DisplayText.Escape"/>, so that an escape
/// sequence, a carriage return or a bidirectional override in a version or a summary is shown, not obeyed.
/// </summary>
internal static class Terminal
{
    /// <summary>The value as text, with every control, format and other unprintable character escaped.</summary>
    public static string Safe(object? value) => DisplayText.Escape(value?.ToString());
}
