using System.Text;
using System.Text.Unicode;
using ReleaseGate.Core.Diagnostics;
using ReleaseGate.Core.Formats;
using ReleaseGate.Core.Model;
using ReleaseGate.Runner.Assertions;
using ReleaseGate.Runner.Prompts;

namespace ReleaseGate.Runner.Suites;

/// <summary>
/// Loads a suite to run it: parses the suite file, streams every case (inline, JSONL and CSV case files) once to
/// validate it, and reports every problem at once — duplicate ids, template variables a case lacks, assertions that do
/// not compile, rubrics without a judge — before any request is made.
/// </summary>
public static class SuiteLoader
{
    // How many cases the check takes at a time, to share among the cores.
    private const int CheckBlock = 1024;

    /// <summary>Loads and validates a suite.</summary>
    /// <param name="text">The suite file's text.</param>
    /// <param name="file">The suite file's path; case files are relative to it.</param>
    /// <param name="systemOverrides">System prompt templates of the targets that replace the suite's, with where each is defined.</param>
    /// <param name="haveJudge">Whether a judge target was given, for <c>llm-rubric</c> assertions.</param>
    public static ParseResult<RunnableSuite> Load(string text, string file, IReadOnlyList<(string Text, SourceLocation Where)> systemOverrides, bool haveJudge) =>
        Load(text, file, systemOverrides, haveJudge, quick: true);

    /// <summary>Loads and validates a suite, with or without the quick path for JSONL lines (<see cref="CaseLineCheck"/>).</summary>
    internal static ParseResult<RunnableSuite> Load(string text, string file, IReadOnlyList<(string Text, SourceLocation Where)> systemOverrides, bool haveJudge, bool quick)
    {
        ArgumentNullException.ThrowIfNull(systemOverrides);
        var parsed = SuiteParser.Parse(text, file);
        if (!parsed.Success)
        {
            return parsed.Errors.Count > 0 ? ParseResult<RunnableSuite>.Failed(parsed.Errors) : throw new InvalidOperationException("unreachable");
        }

        return Load(parsed.Value, systemOverrides, haveJudge, quick);
    }

    /// <summary>
    /// Validates a suite already parsed or built in code (a regression bank's cases, say) the same way: every case, every
    /// template variable of the prompts and of each case's conversation, every assertion. Case files are relative to
    /// <see cref="Suite.File"/>.
    /// </summary>
    /// <param name="suite">The suite.</param>
    /// <param name="systemOverrides">System prompt templates of the targets that replace the suite's, with where each is defined.</param>
    /// <param name="haveJudge">Whether a judge target was given, for <c>llm-rubric</c> assertions.</param>
    public static ParseResult<RunnableSuite> Load(Suite suite, IReadOnlyList<(string Text, SourceLocation Where)> systemOverrides, bool haveJudge) =>
        Load(suite, systemOverrides, haveJudge, quick: true);

    private static ParseResult<RunnableSuite> Load(Suite suite, IReadOnlyList<(string Text, SourceLocation Where)> systemOverrides, bool haveJudge, bool quick)
    {
        ArgumentNullException.ThrowIfNull(suite);
        ArgumentNullException.ThrowIfNull(systemOverrides);
        var file = suite.File;
        var errors = new List<GateError>();
        var suiteLocation = SourceLocation.OfFile(file);
        var system = suite.SystemPrompt is { } s ? PromptTemplate.Parse(s, suiteLocation, errors) : null;
        var user = suite.UserPrompt is { } u ? PromptTemplate.Parse(u, suiteLocation, errors) : null;

        var overrides = systemOverrides.Select(o => PromptTemplate.Parse(o.Text, o.Where, errors)).OfType<PromptTemplate>().ToList();
        var templates = new List<(string What, PromptTemplate Template)>();
        if (user is not null)
        {
            templates.Add(("user prompt", user));
        }

        // A case with its own conversation sends it instead of the suite's prompts; the targets' system prompts still apply.
        var overrideTemplates = overrides.Select(o => ("target's system prompt", o)).ToList();
        templates.AddRange(overrides.Count > 0 ? overrideTemplates : system is null ? [] : [("system prompt", system)]);
        var promptMissing = suite.UserPrompt is null;
        var promptMissingReported = false;
        var folder = Path.GetDirectoryName(file) ?? "";
        var seen = new CaseIdSet();
        var count = 0;
        var judgeReported = false;

        // Cases are read, then checked a block at a time on every core; the verdicts are merged in file order. JSONL lines
        // are read in the check itself, most by the quick path, which builds nothing. Errors of reading (unreadable files,
        // CSV records) wait in their own list, so that each one still comes before the errors of the cases after it.
        var lineCheck = quick ? CaseLineCheck.For(suite, templates.Select(t => t.Template)) : null;
        var block = new List<(CheckEntry Entry, int ReadErrors)>(CheckBlock);
        var checks = new CaseCheck[CheckBlock];
        var readErrors = new List<GateError>();
        var merged = 0;
        var idChars = new char[64];
        Materialize(suite.Defaults);
        foreach (var entry in CheckEntries(suite, folder, readErrors))
        {
            block.Add((entry, readErrors.Count));
            if (block.Count == CheckBlock)
            {
                Merge();
            }
        }

        Merge();
        errors.AddRange(readErrors.GetRange(merged, readErrors.Count - merged));

        void Merge()
        {
            Parallel.For(0, block.Count, i => checks[i] = Check(suite, block[i].Entry, lineCheck, templates, overrideTemplates));
            for (var i = 0; i < block.Count; i++)
            {
                var (entry, readBefore) = block[i];
                errors.AddRange(readErrors.GetRange(merged, readBefore - merged));
                merged = readBefore;
                var check = checks[i];
                var c = entry.Case ?? check.Case;
                if (check.NeedsReading)
                {
                    // Left by both quick readers: the located reader reports what is wrong with the line, if anything.
                    if ((c = CaseLineReader.ReadLocated(suite, entry.Line.Span, entry.File, entry.Number, errors)) is null)
                    {
                        continue;
                    }

                    check = Check(suite, c, default, templates, overrideTemplates);
                }

                var location = c?.Location ?? new SourceLocation(entry.File, entry.Number, 1);
                var id = c is not null ? c.Id.AsSpan() : Decode(entry.Line.Span[check.Id], ref idChars);
                if (!seen.TryAdd(id, location, out var first))
                {
                    errors.Add(new GateError(ErrorCodes.DuplicateId, $"duplicate case '{id}' (first at {first}); each case must be unique.", location));
                    continue;
                }

                count++;
                if (check.Errors is { } found)
                {
                    errors.AddRange(found);
                }

                if (promptMissing && !check.Conversation && !promptMissingReported)
                {
                    // Once: the fix (a user prompt) is the same for every case of the suite's prompts.
                    errors.Add(new GateError(ErrorCodes.SuiteNotRunnable, RunnerMessages.NoUserPromptFor(id.ToString()), suiteLocation));
                    promptMissingReported = true;
                }

                if (check.RequiresJudge && !haveJudge && !judgeReported)
                {
                    // Once is enough: the fix (--judge-target) is the same for every case.
                    errors.Add(new GateError(ErrorCodes.JudgeMissing, RunnerMessages.JudgeMissing(id.ToString()), location));
                    judgeReported = true;
                }
            }

            block.Clear();
        }

        if (count == 0 && errors.Count == 0)
        {
            errors.Add(new GateError(ErrorCodes.SuiteNotRunnable, RunnerMessages.NoCases, suiteLocation));
        }

        return errors.Count > 0
            ? ParseResult<RunnableSuite>.Failed(errors.Distinct())
            : ParseResult<RunnableSuite>.Ok(new RunnableSuite(suite, folder, system, user, count));
    }

    // The characters of an id the quick path found, in a buffer reused from case to case.
    private static ReadOnlySpan<char> Decode(ReadOnlySpan<byte> utf8, ref char[] buffer)
    {
        if (buffer.Length < utf8.Length)
        {
            buffer = new char[utf8.Length];
        }

        return buffer.AsSpan(0, Encoding.UTF8.GetChars(utf8, buffer));
    }

    // A case to check: read already (inline or CSV), or a JSONL line as written (at line Number of File).
    private readonly record struct CheckEntry(SuiteCase? Case, ReadOnlyMemory<byte> Line, string File, int Number);

    // What checking one case found: its errors (null if none), whether an assertion needs a judge and whether the case
    // has its own conversation; for a JSONL line, the case the fast reader built, or where the quick path found its id, or
    // that the located reader must read it.
    private readonly record struct CaseCheck(List<GateError>? Errors, bool RequiresJudge, bool Conversation = false, SuiteCase? Case = null, Range Id = default, bool NeedsReading = false);

    private static CaseCheck Check(Suite suite, CheckEntry entry, CaseLineCheck? quick, List<(string What, PromptTemplate Template)> templates, List<(string What, PromptTemplate Template)> overrides)
    {
        if (entry.Case is { } read)
        {
            return Check(suite, read, default, templates, overrides);
        }

        var line = entry.Line.Span;
        if (!Utf8.IsValid(line))
        {
            return new CaseCheck(null, false, NeedsReading: true);
        }

        if (quick is not null && quick.Accepts(line, out var id))
        {
            return new CaseCheck(null, quick.RequiresJudge, Id: id);
        }

        // A line with errors is read again below, in file order, where its errors are reported.
        return CaseLineReader.Read(suite, line, entry.File, entry.Number, []) is { } c
            ? Check(suite, c, entry.Line, templates, overrides) with { Case = c }
            : new CaseCheck(null, false, NeedsReading: true);
    }

    private static CaseCheck Check(Suite suite, SuiteCase c, ReadOnlyMemory<byte> fastLine, List<(string What, PromptTemplate Template)> templates, List<(string What, PromptTemplate Template)> overrides)
    {
        List<GateError>? errors = null;
        if (c.Messages is { } turns)
        {
            // The case's conversation is sent instead of the suite's prompts: its turns are the templates to check.
            var found = new List<GateError>();
            var conversation = ConversationTemplate.Parse(turns, c.Id, c.Location, found);
            templates = [.. conversation?.Templates ?? [], .. overrides];
            if (found.Count > 0)
            {
                (errors ??= []).AddRange(found);
            }
        }

        foreach (var (what, template) in templates)
        {
            foreach (var missing in template.MissingIn(c.Vars))
            {
                (errors ??= []).Add(new GateError(ErrorCodes.TemplateVariable, RunnerMessages.TemplateMissing(what, missing, c.Id), c.Location));
            }
        }

        var compiled = CaseAssertions.Compile(c.Assertions, c.Location);
        if (compiled.Errors.Count > 0 && !fastLine.IsEmpty
            && CaseLineReader.ReadLocated(suite, fastLine.Span, c.Location.File, c.Location.Line, errors ??= []) is { } located)
        {
            // The fast reader puts every assertion at the case's column 1: read the line again with the located
            // reader, so each error names the assertion's own line and column.
            compiled = CaseAssertions.Compile(located.Assertions, located.Location);
        }

        if (compiled.Errors.Count > 0)
        {
            (errors ??= []).AddRange(compiled.Errors);
        }

        return new CaseCheck(errors, compiled.Value is { RequiresJudge: true }, c.Messages is not null);
    }

    // Every case shares the suite's defaults, and a JsonNode parsed from JSON builds its members on first use, which is not
    // safe on many threads at once: build them all now, before cases are read and checked in parallel.
    private static void Materialize(SuiteDefaults defaults)
    {
        _ = defaults.Vars.DeepClone();
        foreach (var assertion in defaults.Assertions)
        {
            _ = assertion.Value?.DeepClone();
        }
    }

    /// <summary>
    /// Streams the cases of a suite: inline ones, then those of each case file (<c>.csv</c> as CSV, others as JSONL). Each
    /// comes with its JSONL line when the fast reader read it (empty otherwise), so that a caller can read it again with
    /// the located reader for precise error locations.
    /// </summary>
    /// <param name="suite">The suite.</param>
    /// <param name="folder">The suite file's folder.</param>
    /// <param name="errors">Receives problems.</param>
    /// <param name="fast">Read JSONL lines with System.Text.Json where they are plainly valid; other lines go to the located reader.</param>
    internal static IEnumerable<(SuiteCase Case, ReadOnlyMemory<byte> FastLine)> ReadCases(Suite suite, string folder, List<GateError> errors, bool fast = false)
    {
        foreach (var c in suite.Cases)
        {
            yield return (c, default);
        }

        foreach (var (path, stream) in CaseFiles(suite, folder, errors))
        {
            using (stream)
            {
                var cases = IsCsv(path) ? Csv(suite, stream, path, errors) : Jsonl(suite, Utf8Lines.Open(stream), path, errors, fast);
                foreach (var c in cases)
                {
                    yield return c;
                }
            }
        }
    }

    // The cases as the check takes them: inline and CSV cases read, JSONL lines as they are, to be read on every core.
    private static IEnumerable<CheckEntry> CheckEntries(Suite suite, string folder, List<GateError> errors)
    {
        foreach (var c in suite.Cases)
        {
            yield return new CheckEntry(c, default, suite.File, c.Location.Line);
        }

        var block = new List<(ReadOnlyMemory<byte> Text, int Number)>(CheckBlock);
        foreach (var (path, stream) in CaseFiles(suite, folder, errors))
        {
            using (stream)
            {
                if (IsCsv(path))
                {
                    foreach (var (c, _) in Csv(suite, stream, path, errors))
                    {
                        yield return new CheckEntry(c, default, path, c.Location.Line);
                    }

                    continue;
                }

                var lines = Utf8Lines.Open(stream);
                while (lines.Read(block, CheckBlock) | ReportTooLong(lines, path, errors))
                {
                    foreach (var (text, number) in block)
                    {
                        if (!text.IsEmpty)
                        {
                            yield return new CheckEntry(null, text, path, number);
                        }
                    }
                }
            }
        }
    }

    // Opens each case file in turn; one that cannot be opened is an error, and the others are still read.
    private static IEnumerable<(string Path, FileStream Stream)> CaseFiles(Suite suite, string folder, List<GateError> errors)
    {
        foreach (var name in suite.CaseFiles)
        {
            var path = Path.Combine(folder, name);
            FileStream stream;
            try
            {
                // Unbuffered: lines are read in blocks of their own.
                stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                var reason = ex is FileNotFoundException or DirectoryNotFoundException ? "it does not exist" : ex.Message;
                errors.Add(new GateError(ErrorCodes.FileUnreadable, RunnerMessages.Unreadable(name, reason), SourceLocation.OfFile(suite.File)));
                continue;
            }

            yield return (path, stream);
        }
    }

    private static bool IsCsv(string path) => path.EndsWith(".csv", StringComparison.OrdinalIgnoreCase);

    // The fast reader reads what it can; lines it leaves, and lines that are not valid UTF-8, are decoded for the located
    // reader.
    private static IEnumerable<(SuiteCase, ReadOnlyMemory<byte>)> Jsonl(Suite suite, Utf8Lines lines, string path, List<GateError> errors, bool fast)
    {
        var block = new List<(ReadOnlyMemory<byte> Text, int Number)>(CheckBlock);
        while (lines.Read(block, CheckBlock) | ReportTooLong(lines, path, errors))
        {
            foreach (var (text, number) in block)
            {
                if (!text.IsEmpty && (fast ? CaseLineReader.Read(suite, text.Span, path, number, errors) : CaseLineReader.ReadLocated(suite, text.Span, path, number, errors)) is { } c)
                {
                    // The line goes with the case when the fast pass may have read it: an assertion error is then located
                    // by reading it again with the located reader.
                    yield return (c, fast ? text : default);
                }
            }
        }
    }

    // Lines over the limit were skipped as they streamed past: each is an error with its number. False: reading goes on
    // as the block says.
    private static bool ReportTooLong(Utf8Lines lines, string path, List<GateError> errors)
    {
        foreach (var number in lines.TooLong)
        {
            errors.Add(new GateError(ErrorCodes.LineTooLong, Messages.LineTooLong(lines.MaxLineBytes), new SourceLocation(path, number, 0)));
        }

        lines.TooLong.Clear();
        return false;
    }

    private static IEnumerable<(SuiteCase, ReadOnlyMemory<byte>)> Csv(Suite suite, FileStream stream, string path, List<GateError> errors)
    {
        using var reader = new StreamReader(stream, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, bufferSize: 64 * 1024, leaveOpen: true);
        List<string>? header = null;
        foreach (var record in CsvRecords.Read(reader))
        {
            var at = new SourceLocation(path, record.Line, 1);
            if (record.Problem is not null)
            {
                errors.Add(new GateError(ErrorCodes.CsvCases, record.Problem, at));
                yield break;
            }

            if (header is null)
            {
                header = record.Fields.Select(f => f.Trim()).ToList();
                if (!header.Contains("id"))
                {
                    errors.Add(new GateError(ErrorCodes.CsvCases, RunnerMessages.CsvNoId(string.Join(", ", header)), at));
                    yield break;
                }

                continue;
            }

            if (record.Fields.Count != header.Count)
            {
                errors.Add(new GateError(ErrorCodes.CsvCases, RunnerMessages.CsvWidth(header.Count, record.Fields.Count), at));
                continue;
            }

            if (SuiteParser.ReadCsvCase(suite, header, record.Fields, path, record.Line, errors) is { } c)
            {
                yield return (c, default);
            }
        }
    }
}
