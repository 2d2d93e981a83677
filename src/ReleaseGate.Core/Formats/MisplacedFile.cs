using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using ReleaseGate.Core.Diagnostics;

namespace ReleaseGate.Core.Formats;

/// <summary>
/// Recognises, from its first bytes, a file given where another kind was expected: a suite, gate or decision JSON passed as
/// results, a results file passed as a release manifest. One error (RG1045) says what the file is and what to pass
/// instead, in place of an error on every line. It looks only at the head: the caller decides when to ask (a file with no
/// valid line, a manifest that does not parse).
/// </summary>
/// <threadsafety>Stateless; safe to call from several threads.</threadsafety>
public static partial class MisplacedFile
{
    /// <summary>How many bytes of a file's start are enough to tell its kind.</summary>
    public const int HeadBytes = 64 * 1024;

    /// <summary>
    /// RG1045 when <paramref name="head"/> (the start of the file, up to <see cref="HeadBytes"/>) is another kind of file than
    /// results JSONL that ReleaseGate or a tool it imports from writes; null when it is not recognised (the per-line errors
    /// stand).
    /// </summary>
    /// <param name="head">The file's first bytes.</param>
    /// <param name="file">The file's name, for the error's location.</param>
    public static GateError? AsResults(ReadOnlySpan<byte> head, string file)
    {
        ArgumentNullException.ThrowIfNull(file);
        var message = Kind(head) switch
        {
            ("yaml", "Gate") => Messages.MisplacedGate,
            ("yaml", "Suite") => Messages.MisplacedSuite,
            ("yaml", "Release") => Messages.MisplacedRelease,
            ("yaml", "Waivers") => Messages.MisplacedWaivers,
            ("yaml", { } kind) => Messages.MisplacedReleaseGateFile(kind),
            ("json", "decision") => Messages.MisplacedDecision,
            ("json", "run") => Messages.MisplacedRunRecord(RunRecordResults(head)),
            ("json", "promptfoo") => Messages.MisplacedImport("a promptfoo results file", "promptfoo"),
            ("xml", "junit") => Messages.MisplacedImport("a JUnit XML report", "junit"),
            _ => null,
        };
        return message is null ? null : new GateError(ErrorCodes.MisplacedFile, message, SourceLocation.OfFile(file));
    }

    /// <summary>RG1045 when <paramref name="head"/> is results JSONL though a YAML document was expected; else null.</summary>
    /// <param name="head">The file's first bytes.</param>
    /// <param name="file">The file's name, for the error's location.</param>
    /// <param name="expected">What was expected, in words: <c>a release manifest (kind: Release)</c>.</param>
    /// <param name="option">Where results files go, such as <c>--results</c>.</param>
    public static GateError? AsDocument(ReadOnlySpan<byte> head, string file, string expected, string option)
    {
        ArgumentNullException.ThrowIfNull(file);
        return Kind(head) is ("json", "results")
            ? new GateError(ErrorCodes.MisplacedFile, Messages.MisplacedResults(expected, option), SourceLocation.OfFile(file))
            : null;
    }

    /// <summary>The family (yaml, json, xml) and kind of the file, or nulls.</summary>
    private static (string? Family, string? Kind) Kind(ReadOnlySpan<byte> head)
    {
        if (head.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            head = head[3..];
        }

        var start = head.IndexOfAnyExcept(" \t\r\n"u8);
        if (start < 0)
        {
            return (null, null);
        }

        head = head[start..];
        if (head[0] == (byte)'{')
        {
            var names = TopLevelNames(head);
            return names.Contains("verdict") && names.Contains("checks") ? ("json", "decision")
                : names.Contains("status") && names.Contains("planned") && names.Contains("results") ? ("json", "run")
                : names.Contains("results") && (names.Contains("evalId") || names.Contains("config") || names.Contains("version")) ? ("json", "promptfoo")
                : names.Contains("suite") && names.Contains("case") ? ("json", "results")
                : ("json", null);
        }

        if (head[0] == (byte)'<')
        {
            var text = Encoding.UTF8.GetString(head);
            return text.Contains("<testsuite", StringComparison.Ordinal) ? ("xml", "junit") : ("xml", null);
        }

        var yaml = Encoding.UTF8.GetString(head);
        var kind = KindLine().Match(yaml);
        return ApiVersionLine().IsMatch(yaml) && kind.Success ? ("yaml", kind.Groups["kind"].Value) : (null, null);
    }

    /// <summary>The names of the first JSON object's own properties, as far as the head goes.</summary>
    private static HashSet<string> TopLevelNames(ReadOnlySpan<byte> json)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        var reader = new Utf8JsonReader(json, isFinalBlock: false, state: default);
        try
        {
            while (reader.Read())
            {
                if (reader.TokenType == JsonTokenType.PropertyName && reader.CurrentDepth == 1)
                {
                    names.Add(reader.GetString()!);
                }
                else if (reader.TokenType == JsonTokenType.EndObject && reader.CurrentDepth == 0)
                {
                    break;
                }
            }
        }
        catch (JsonException)
        {
            // A head cut in the middle, or not JSON after all: the names read so far are what there is.
        }

        return names;
    }

    /// <summary>The results file a run record names, or null.</summary>
    private static string? RunRecordResults(ReadOnlySpan<byte> head)
    {
        try
        {
            var reader = new Utf8JsonReader(head, isFinalBlock: false, state: default);
            while (reader.Read())
            {
                if (reader.CurrentDepth == 1 && reader.TokenType == JsonTokenType.PropertyName && reader.ValueTextEquals("results"u8))
                {
                    return reader.Read() && reader.TokenType == JsonTokenType.String ? DisplayText.Escape(reader.GetString()) : null;
                }
            }
        }
        catch (JsonException)
        {
            // Not readable that far: the message does without the name.
        }

        return null;
    }

    [GeneratedRegex(@"^apiVersion:\s*[""']?releasegate/", RegexOptions.Multiline)]
    private static partial Regex ApiVersionLine();

    [GeneratedRegex(@"^kind:\s*[""']?(?<kind>[A-Za-z]+)", RegexOptions.Multiline)]
    private static partial Regex KindLine();
}
