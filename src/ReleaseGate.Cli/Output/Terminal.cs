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

    /// <summary>
    /// An input error as <c>file:line:column: RGnnnn: message</c>, escaped, with its excerpt of the offending line (escaped
    /// when it was taken) on the line below.
    /// </summary>
    public static string Error(GateError error) => error.Excerpt is { } excerpt
        ? Safe(error with { Excerpt = null }) + Environment.NewLine + $"    {error.Location.Line} | {excerpt}"
        : Safe(error);

    /// <summary>An error line the server sent: each of its lines escaped (an excerpt follows its message on a line of its own).</summary>
    public static string Lines(object? value) => string.Join(Environment.NewLine, (value?.ToString() ?? "").Split('\n').Select(Safe));
}
