using System.Globalization;
using System.Text;
using System.Xml;
using ReleaseGate.Core.Diagnostics;

namespace ReleaseGate.Runner.Import;

/// <summary>
/// Turns a JUnit XML report (pytest <c>--junitxml</c>, Maven Surefire, CTest <c>--output-junit</c>, Node's junit reporter,
/// and others) into results JSONL: one line per <c>&lt;testcase&gt;</c>.
/// </summary>
/// <remarks>
/// <para>
/// Mapping: a test case passes when it has no <c>&lt;failure&gt;</c>, <c>&lt;error&gt;</c> or <c>&lt;skipped&gt;</c> child;
/// <c>&lt;failure&gt;</c> gives <c>pass: false</c>; <c>&lt;error&gt;</c> gives an error (the test could not run to a verdict);
/// <c>&lt;skipped&gt;</c>, or a <c>status</c> of <c>disabled</c>, <c>notrun</c> or <c>skipped</c>, gives an error
/// <c>skipped: …</c> so that a skipped test never counts as a pass — or, with <see cref="ImportOptions.OmitSkipped"/>,
/// no line at all. The case id is the names of the enclosing test suites (leaving out a single outermost one that wraps the
/// whole report), then the class name when it adds something, then the test name: <c>refunds/edge cases/test.empty question</c>,
/// <c>test_agent.TestEscalation.test_escalates[x]</c>.
/// </para>
/// <para>
/// The file is read twice with a forward-only <see cref="XmlReader"/>: once to check it and count its outermost test suites,
/// once to write. Memory stays flat whatever the file's size; nothing is written unless the whole file is valid.
/// DTDs are refused.
/// </para>
/// </remarks>
public static class JUnitImporter
{
    private const int MaxMessageLength = 4000;

    /// <summary>Imports the report at <paramref name="path"/>, writing result lines to <paramref name="output"/>.</summary>
    /// <param name="path">The report file.</param>
    /// <param name="displayName">The file name as the user gave it, for error locations.</param>
    /// <param name="options">Suite name, target and how to treat skipped tests.</param>
    /// <param name="output">Where the lines go; nothing is written when the report is invalid.</param>
    /// <returns>What was written, or the errors (<c>RG1471</c>, or <c>RG1201</c> when the file cannot be read).</returns>
    public static ParseResult<ImportSummary> Import(string path, string displayName, ImportOptions options, Stream output)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(output);
        int topLevelSuites;
        try
        {
            var check = Check(path, displayName);
            if (check.Error is not null)
            {
                return ParseResult<ImportSummary>.Failed([check.Error]);
            }

            topLevelSuites = check.TopLevelSuites;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return ParseResult<ImportSummary>.Failed([new GateError(ErrorCodes.FileUnreadable, $"cannot read the file: {e.Message}", SourceLocation.OfFile(displayName))]);
        }

        using var writer = new ResultLineWriter(output, options);
        var omitted = Write(path, topLevelSuites == 1, options, writer);
        return ParseResult<ImportSummary>.Ok(writer.Summary(omitted));
    }

    private static XmlReader Open(string path) => XmlReader.Create(
        new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024, FileOptions.SequentialScan),
        new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, IgnoreComments = true, IgnoreProcessingInstructions = true, CloseInput = true });

    private static (GateError? Error, int TopLevelSuites) Check(string path, string displayName)
    {
        using var reader = Open(path);
        var info = (IXmlLineInfo)reader;
        var topLevel = 0;
        var testcases = 0L;
        var root = "";
        try
        {
            while (reader.Read())
            {
                if (reader.NodeType != XmlNodeType.Element)
                {
                    continue;
                }

                if (reader.Depth == 0)
                {
                    root = reader.LocalName;
                    if (root is not ("testsuites" or "testsuite"))
                    {
                        return (Error(ImportMessages.XmlRoot(root), displayName, info), 0);
                    }
                }

                // The outermost suites: the root <testsuite>, or the <testsuite> children of a <testsuites> root.
                if (reader.LocalName == "testsuite" && (reader.Depth == 0 || (reader.Depth == 1 && root == "testsuites")))
                {
                    topLevel++;
                }

                if (reader.LocalName == "testcase")
                {
                    testcases++;
                    if (string.IsNullOrEmpty(reader.GetAttribute("name")))
                    {
                        return (Error(ImportMessages.TestcaseName(), displayName, info), 0);
                    }
                }
            }
        }
        catch (XmlException e)
        {
            var message = e.Message.Contains("DTD", StringComparison.Ordinal) ? ImportMessages.XmlDtd : ImportMessages.XmlSyntax(StripPosition(e.Message));
            var (line, column) = e.LineNumber > 0 ? (e.LineNumber, e.LinePosition) : (Math.Max(info.LineNumber, 1), Math.Max(info.LinePosition, 1));
            return (new GateError(ErrorCodes.ImportJUnit, message, new SourceLocation(displayName, line, column)), 0);
        }

        return testcases == 0 ? (new GateError(ErrorCodes.ImportJUnit, ImportMessages.NoTestcases, SourceLocation.OfFile(displayName)), 0) : (null, topLevel);
    }

    private static GateError Error(string message, string file, IXmlLineInfo info) =>
        new(ErrorCodes.ImportJUnit, message, new SourceLocation(file, info.LineNumber, info.LinePosition));

    // XmlException messages end with "Line 3, position 7."; the location is reported separately.
    private static string StripPosition(string message)
    {
        var at = message.LastIndexOf(" Line ", StringComparison.Ordinal);
        return at > 0 ? message[..at] : message;
    }

    private static long Write(string path, bool dropOutermost, ImportOptions options, ResultLineWriter writer)
    {
        using var reader = Open(path);
        var suites = new List<string>();
        var suiteDepths = new List<int>();
        TestcaseState? current = null;
        long omitted = 0;
        while (reader.Read())
        {
            if (reader.NodeType == XmlNodeType.EndElement)
            {
                if (reader.LocalName == "testsuite" && suiteDepths.Count > 0 && suiteDepths[^1] == reader.Depth)
                {
                    suites.RemoveAt(suites.Count - 1);
                    suiteDepths.RemoveAt(suiteDepths.Count - 1);
                }
                else if (reader.LocalName == "testcase" && current is not null)
                {
                    omitted += Emit(current, options, writer);
                    current = null;
                }

                continue;
            }

            if (reader.NodeType != XmlNodeType.Element)
            {
                continue;
            }

            switch (reader.LocalName)
            {
                case "testsuite":
                    if (!reader.IsEmptyElement)
                    {
                        suites.Add(reader.GetAttribute("name") ?? "");
                        suiteDepths.Add(reader.Depth);
                    }

                    break;
                case "testcase":
                    var state = new TestcaseState(
                        CaseId(suites, dropOutermost, reader.GetAttribute("classname"), reader.GetAttribute("name")!),
                        Seconds(reader.GetAttribute("time")),
                        reader.GetAttribute("status"),
                        reader.Depth);
                    if (reader.IsEmptyElement)
                    {
                        omitted += Emit(state, options, writer);
                    }
                    else
                    {
                        current = state;
                    }

                    break;
                case "failure" or "error" or "skipped" when current is not null && reader.Depth == current.Depth + 1:
                    current.Record(reader.LocalName, reader.GetAttribute("type"), reader.GetAttribute("message"), reader.IsEmptyElement ? "" : Text(reader));
                    break;
            }
        }

        return omitted;
    }

    /// <summary>
    /// The text inside the current element, at most <see cref="MaxMessageLength"/> characters of it, read through a
    /// subtree reader so that a huge stack trace is never held whole; leaves <paramref name="reader"/> on the element's end.
    /// </summary>
    private static string Text(XmlReader reader)
    {
        var text = new StringBuilder();
        var chunk = new char[4096];
        using var subtree = reader.ReadSubtree();
        while (subtree.Read())
        {
            if (subtree.NodeType is not (XmlNodeType.Text or XmlNodeType.CDATA or XmlNodeType.SignificantWhitespace or XmlNodeType.Whitespace))
            {
                continue;
            }

            if (!subtree.CanReadValueChunk)
            {
                Append(text, subtree.Value.AsSpan());
                continue;
            }

            // In chunks, so that a text node of any size is never held whole; what is past the limit is read and dropped.
            int read;
            while ((read = subtree.ReadValueChunk(chunk, 0, chunk.Length)) > 0)
            {
                Append(text, chunk.AsSpan(0, read));
            }
        }

        return text.ToString();
    }

    private static void Append(StringBuilder text, ReadOnlySpan<char> value)
    {
        var room = MaxMessageLength + 1 - text.Length;
        if (room > 0)
        {
            text.Append(value[..Math.Min(value.Length, room)]);
        }
    }

    private static string CaseId(List<string> suites, bool dropOutermost, string? classname, string name)
    {
        var parts = new StringBuilder();
        var last = "";
        for (var i = dropOutermost ? 1 : 0; i < suites.Count; i++)
        {
            if (suites[i].Length > 0)
            {
                parts.Append(suites[i]).Append('/');
                last = suites[i];
            }
        }

        // The class name is left out when it repeats the test name or the suite just written (Surefire names both alike).
        if (!string.IsNullOrEmpty(classname) && classname != name && classname != last)
        {
            parts.Append(classname).Append('.');
        }

        return parts.Append(name).ToString();
    }

    private static double? Seconds(string? time) =>
        double.TryParse(time, NumberStyles.Float, CultureInfo.InvariantCulture, out var s) && double.IsFinite(s) && s >= 0 ? s * 1000 : null;

    private static long Emit(TestcaseState state, ImportOptions options, ResultLineWriter writer)
    {
        var result = state.ToResult();
        if (result is null)
        {
            if (options.OmitSkipped)
            {
                return 1;
            }

            result = state.SkippedResult();
        }

        writer.Write(result);
        return 0;
    }

    private sealed class TestcaseState(string id, double? latencyMs, string? status, int depth)
    {
        private string? _failure, _error, _skipped;

        public int Depth { get; } = depth;

        public void Record(string kind, string? type, string? message, string body)
        {
            var text = Describe(type, message, body);
            switch (kind)
            {
                case "failure":
                    _failure ??= text;
                    break;
                case "error":
                    _error ??= text;
                    break;
                default:
                    _skipped ??= text;
                    break;
            }
        }

        /// <summary>The result, or null when the test was skipped.</summary>
        public ImportedResult? ToResult()
        {
            if (_error is not null)
            {
                return new ImportedResult { Case = id, Pass = null, Error = _error, LatencyMs = latencyMs, Assertions = [new("junit", false, 0, _error)] };
            }

            if (_failure is not null)
            {
                return new ImportedResult { Case = id, Pass = false, LatencyMs = latencyMs, Assertions = [new("junit", false, 0, _failure)] };
            }

            if (_skipped is not null || status is "disabled" or "notrun" or "skipped")
            {
                return null;
            }

            return new ImportedResult { Case = id, Pass = true, LatencyMs = latencyMs };
        }

        public ImportedResult SkippedResult()
        {
            var why = _skipped is { Length: > 0 } s ? $"skipped: {s}" : $"skipped ({status ?? "no reason given"})";
            return new ImportedResult { Case = id, Pass = null, Error = why, LatencyMs = latencyMs };
        }

        private static string Describe(string? type, string? message, string body)
        {
            var text = !string.IsNullOrWhiteSpace(message) ? message.Trim() : body.Trim();
            if (!string.IsNullOrEmpty(type) && !text.StartsWith(type, StringComparison.Ordinal) && type is not ("skipped" or "pytest.skip"))
            {
                text = text.Length == 0 ? type : $"{type}: {text}";
            }

            return text.Length <= MaxMessageLength ? text : text[..MaxMessageLength] + "…";
        }
    }
}
