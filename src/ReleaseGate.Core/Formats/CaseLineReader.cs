using System.Text;
using System.Text.Unicode;
using ReleaseGate.Core.Diagnostics;
using ReleaseGate.Core.Model;

namespace ReleaseGate.Core.Formats;

/// <summary>
/// The one reader of JSONL case lines (a suite's <c>case_files</c>), for <c>check</c>, the server and the runner alike: a
/// line is read by a fast <see cref="System.Text.Json.Utf8JsonReader"/> pass when it is plainly valid, and otherwise by
/// the located reader (<see cref="SuiteParser.ReadCaseLine"/>), which reports every problem with its line and column. Both
/// give the same case for a line the fast pass reads; differential tests hold them to it.
/// </summary>
/// <threadsafety>Thread-safe: it keeps no state between lines.</threadsafety>
public static partial class CaseLineReader
{
    /// <summary>Reads one case line (without its line end).</summary>
    /// <param name="suite">The suite whose defaults the case takes.</param>
    /// <param name="line">The line's bytes, which should be UTF-8; invalid UTF-8 is reported (RG1026), never replaced.</param>
    /// <param name="file">The case file's name, for locations.</param>
    /// <param name="lineNumber">The line's 1-based number.</param>
    /// <param name="errors">Receives the line's errors.</param>
    /// <returns>The case; null for a blank line or one with errors. Duplicate ids across lines are the caller's to find.</returns>
    public static SuiteCase? Read(Suite suite, ReadOnlySpan<byte> line, string file, int lineNumber, ICollection<GateError> errors) =>
        !line.IsEmpty && Utf8.IsValid(line) && TryReadPlain(suite, line, file, lineNumber) is { } plain
            ? plain
            : ReadLocated(suite, line, file, lineNumber, errors);

    /// <summary>
    /// Reads one case line with the located reader only, whose cases carry each assertion's own line and column (the fast
    /// pass puts them all at the case's): for a caller that reports an error in an assertion of a case read before.
    /// </summary>
    /// <param name="suite">The suite whose defaults the case takes.</param>
    /// <param name="line">The line's bytes; invalid UTF-8 is reported (RG1026).</param>
    /// <param name="file">The case file's name, for locations.</param>
    /// <param name="lineNumber">The line's 1-based number.</param>
    /// <param name="errors">Receives the line's errors.</param>
    /// <returns>The case; null for a blank line or one with errors.</returns>
    public static SuiteCase? ReadLocated(Suite suite, ReadOnlySpan<byte> line, string file, int lineNumber, ICollection<GateError> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (InputText.CheckLine(line, file, lineNumber) is { } invalid)
        {
            errors.Add(invalid);
            return null;
        }

        return SuiteParser.ReadCaseLine(suite, Encoding.UTF8.GetString(line), file, lineNumber, errors);
    }
}
