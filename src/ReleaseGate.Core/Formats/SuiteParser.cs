using System.Text.Json.Nodes;
using ReleaseGate.Core.Diagnostics;
using ReleaseGate.Core.Model;
using ReleaseGate.Core.Yaml;

namespace ReleaseGate.Core.Formats;

/// <summary>Parses and validates <c>kind: Suite</c> files and their JSONL case files (DESIGN §4).</summary>
public static partial class SuiteParser
{
    /// <summary>The assertion types of v1.</summary>
    public static readonly IReadOnlyList<string> AssertionTypes =
    [
        "equals", "contains", "icontains", "regex", "starts-with",
        "not-equals", "not-contains", "not-icontains", "not-regex", "not-starts-with",
        "is-json", "json-schema", "json-pointer", "numeric", "latency",
        "tool-called", "tool-not-called", "tool-args", "llm-rubric",
    ];

    /// <summary>Parses a suite from its text; cases in <see cref="Suite.CaseFiles"/> are added with <see cref="AddCases(Suite, Stream, string)"/>.</summary>
    public static ParseResult<Suite> Parse(string text, string file)
    {
        ArgumentNullException.ThrowIfNull(text);
        var context = new YamlReadContext(file);
        var root = DocumentHeader.Open(text, context, "Suite");
        if (root is null)
        {
            return ParseResult<Suite>.Failed(context.Errors);
        }

        var name = GateParser.Name(root, "name", "suite name", required: true);
        var description = root.String("description");
        string? system = null, user = null;
        if (root.Mapping("prompts") is { } prompts)
        {
            system = prompts.String("system");
            user = prompts.String("user");
            prompts.Finish();
        }

        var defaults = SuiteDefaults.None;
        if (root.Mapping("defaults") is { } d)
        {
            defaults = new SuiteDefaults(
                d.Choice("severity", Choices.Severities) ?? Severity.Medium,
                GateParser.Names(d, "slices", "slice"),
                ReadVars(d.Get("vars"), context),
                ReadAssertions(d.Sequence("assert"), context));
            d.Finish();
        }

        var cases = new List<SuiteCase>();
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var node in root.Sequence("cases"))
        {
            if (context.Mapping(node, "cases", "a case") is { } c)
            {
                var item = ReadCase(c, defaults);
                if (item is not null && seen.TryAdd(item.Id, item.Location.Line))
                {
                    cases.Add(item);
                }
                else if (item is not null)
                {
                    context.Error(ErrorCodes.DuplicateId, Messages.DuplicateId("case", item.Id, seen[item.Id]), item.Location);
                }
            }
        }

        var caseFiles = root.Strings("case_files");
        root.Finish();
        if (context.Errors.Count > 0)
        {
            return ParseResult<Suite>.Failed(context.Errors);
        }

        return ParseResult<Suite>.Ok(new Suite
        {
            File = file,
            Name = name!,
            Description = description,
            SystemPrompt = system,
            UserPrompt = user,
            Defaults = defaults,
            Cases = cases,
            CaseFiles = caseFiles,
        });
    }

    /// <summary>
    /// Adds the cases of a JSONL case file (one case object a line, with the same keys as inline cases) to a suite.
    /// </summary>
    public static ParseResult<Suite> AddCases(Suite suite, string jsonlText, string file)
    {
        ArgumentNullException.ThrowIfNull(suite);
        ArgumentNullException.ThrowIfNull(jsonlText);
        var adder = new CaseAdder(suite, file);
        var lineNumber = 0;
        foreach (var line in jsonlText.Split('\n'))
        {
            adder.Add(CaseLineReader.Read(suite, System.Text.Encoding.UTF8.GetBytes(line), file, ++lineNumber, adder.Errors), lineNumber);
        }

        return adder.Result();
    }

    /// <summary>
    /// Adds the cases of a JSONL case file read from <paramref name="stream"/>, a line at a time: memory is bounded by the
    /// cases kept and the line limit (<see cref="InputLimits.MaxJsonLineBytes"/>), not by the file. Lines must be UTF-8.
    /// </summary>
    public static ParseResult<Suite> AddCases(Suite suite, Stream stream, string file)
    {
        ArgumentNullException.ThrowIfNull(suite);
        var adder = new CaseAdder(suite, file);
        var lines = new JsonLines(stream, file);
        while (lines.Next(out var line, out var tooLong))
        {
            var number = (int)Math.Min(lines.LineNumber, int.MaxValue);
            var bytes = line.Span;
            if (number == 1 && bytes.StartsWith("\uFEFF"u8))
            {
                bytes = bytes[3..];
            }

            if (tooLong is not null)
            {
                adder.Errors.Add(tooLong);
                continue;
            }

            adder.Add(CaseLineReader.Read(suite, bytes, file, number, adder.Errors), number);
        }

        return adder.Result();
    }

    /// <summary>Collects the cases of one case file, refusing an id that is already taken.</summary>
    private sealed class CaseAdder(Suite suite, string file)
    {
        private readonly List<SuiteCase> _cases = suite.Cases.ToList();
        private readonly Dictionary<string, int> _seen = suite.Cases.ToDictionary(c => c.Id, c => c.Location.Line, StringComparer.Ordinal);

        public List<GateError> Errors { get; } = [];

        public void Add(SuiteCase? item, int lineNumber)
        {
            if (item is null)
            {
                return;
            }

            if (!_seen.TryAdd(item.Id, lineNumber))
            {
                Errors.Add(new GateError(ErrorCodes.DuplicateId, Messages.DuplicateId("case", item.Id, _seen[item.Id]), new SourceLocation(file, lineNumber, 1)));
            }
            else
            {
                _cases.Add(item);
            }
        }

        public ParseResult<Suite> Result() =>
            Errors.Count == 0 ? ParseResult<Suite>.Ok(suite with { Cases = _cases }) : ParseResult<Suite>.Failed(Errors.Distinct());
    }

    /// <summary>
    /// Reads one line of a JSONL case file, so that runners can stream large case files without holding them. Returns
    /// null for a blank line or when the line has errors (added to <paramref name="errors"/> with the line number);
    /// duplicate ids across lines are the caller's to detect.
    /// </summary>
    public static SuiteCase? ReadCaseLine(Suite suite, string line, string file, int lineNumber, ICollection<GateError> errors)
    {
        ArgumentNullException.ThrowIfNull(suite);
        ArgumentNullException.ThrowIfNull(line);
        ArgumentNullException.ThrowIfNull(errors);
        if (string.IsNullOrWhiteSpace(line))
        {
            return null;
        }

        if (line.Length > InputLimits.MaxJsonLineBytes)
        {
            errors.Add(new GateError(ErrorCodes.LineTooLong, Messages.LineTooLong(InputLimits.MaxJsonLineBytes), new SourceLocation(file, lineNumber, 0)));
            return null;
        }

        // JSON is YAML: the line goes through the same reader, so keys, types and locations are checked alike.
        var lineContext = new YamlReadContext(file);
        var node = YamlDocumentReader.Read(Bank.BankJsonText.CaseLine(line), file, lineContext.Errors);
        var item = node is not null && lineContext.Mapping(node, "case", "a case") is { } m ? ReadCase(m, suite.Defaults) : null;
        foreach (var error in lineContext.Errors.Distinct())
        {
            errors.Add(error with { Location = error.Location with { Line = lineNumber } });
        }

        if (item is null || lineContext.Errors.Count > 0)
        {
            return null;
        }

        var own = item.Assertions.Skip(suite.Defaults.Assertions.Count).Select(a => a with { Location = a.Location with { Line = lineNumber } });
        return item with { Location = new SourceLocation(file, lineNumber, 1), Assertions = [.. suite.Defaults.Assertions, .. own] };
    }

    /// <summary>
    /// Reads one row of a CSV case file (promptfoo's layout): the columns <c>id</c> (required), <c>description</c>,
    /// <c>severity</c>, <c>slices</c> (separated by <c>;</c>) and <c>__expected</c>, <c>__expected1</c>… (an assertion
    /// written <c>type:value</c>, or a plain value meaning <c>equals</c>); every other column is a variable.
    /// Returns null when the row has errors, which are added with the row's line.
    /// </summary>
    public static SuiteCase? ReadCsvCase(Suite suite, IReadOnlyList<string> header, IReadOnlyList<string> fields, string file, int lineNumber, ICollection<GateError> errors)
    {
        ArgumentNullException.ThrowIfNull(suite);
        ArgumentNullException.ThrowIfNull(header);
        ArgumentNullException.ThrowIfNull(fields);
        ArgumentNullException.ThrowIfNull(errors);
        var location = new SourceLocation(file, lineNumber, 1);
        var before = errors.Count;
        string? id = null;
        string? description = null;
        var severity = suite.Defaults.Severity;
        var slices = suite.Defaults.Slices;
        var vars = new JsonObject();
        var assertions = suite.Defaults.Assertions.ToList();
        for (var i = 0; i < header.Count && i < fields.Count; i++)
        {
            var (column, value) = (header[i], fields[i]);
            var at = location with { Column = i + 1 };
            switch (column)
            {
                case "id":
                    id = value.Length > 0 ? value : null;
                    break;
                case "description":
                    description = value.Length > 0 ? value : null;
                    break;
                case "severity" when value.Length > 0:
                    if (Choices.Severities.TryGetValue(value, out var s))
                    {
                        severity = s;
                    }
                    else
                    {
                        errors.Add(new GateError(ErrorCodes.InvalidChoice, Messages.Choice("severity", value, Choices.Severities.Keys, null), at));
                    }

                    break;
                case "severity":
                    break;
                case "slices" when value.Length > 0:
                    slices = value.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                    break;
                case "slices":
                    break;
                case var c when c.StartsWith("__expected", StringComparison.Ordinal):
                    if (value.Length > 0)
                    {
                        assertions.Add(CsvAssertion(value, at));
                    }

                    break;
                default:
                    vars[column] = value;
                    break;
            }
        }

        foreach (var (key, value) in suite.Defaults.Vars)
        {
            vars.TryAdd(key, value?.DeepClone());
        }

        if (id is null)
        {
            errors.Add(new GateError(ErrorCodes.MissingKey, Messages.Empty("id", "a CSV case row"), location));
        }

        return id is null || errors.Count > before
            ? null
            : new SuiteCase { Id = id, Description = description, Vars = vars, Slices = slices, Severity = severity, Assertions = assertions, Location = location };
    }

    // "icontains: refund" is an icontains assertion; text without a known type before its first colon is an equals.
    private static SuiteAssertion CsvAssertion(string text, SourceLocation at)
    {
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        var type = colon > 0 ? text[..colon].Trim() : null;
        return type is not null && AssertionTypes.Contains(type)
            ? new SuiteAssertion(type, JsonValue.Create(text[(colon + 1)..].TrimStart()), null, 1) { Location = at }
            : new SuiteAssertion("equals", JsonValue.Create(text), null, 1) { Location = at };
    }

    /// <summary>Reads one case from an open mapping, without any suite's defaults (a case sent on its own, as JSON).</summary>
    internal static SuiteCase? ReadCaseMapping(MappingReader c) => ReadCase(c, SuiteDefaults.None);

    private static SuiteCase? ReadCase(MappingReader c, SuiteDefaults defaults)
    {
        var id = c.String("id", required: true);
        var slices = c.Get("slices") is null ? defaults.Slices : GateParser.Names(c, "slices", "slice");
        var vars = ReadVars(c.Get("vars"), c.Context);
        foreach (var (key, value) in defaults.Vars)
        {
            vars.TryAdd(key, value?.DeepClone());
        }

        var assertions = defaults.Assertions.Concat(ReadAssertions(c.Sequence("assert"), c.Context)).ToList();
        var severity = c.Choice("severity", Choices.Severities) ?? defaults.Severity;
        var description = c.String("description");
        var messages = ReadMessages(c.Get("messages"), c.Context);
        var bank = ReadBank(c.Get("bank"), c.Context);
        c.Finish();
        return id is null
            ? null
            : new SuiteCase
            {
                Id = id, Description = description, Vars = vars, Slices = slices, Severity = severity, Assertions = assertions, Messages = messages, Bank = bank,
                Location = c.Location,
            };
    }

    private static JsonObject ReadVars(YamlNode? node, YamlReadContext context)
    {
        if (node is null || node is YamlScalar { IsNull: true })
        {
            return [];
        }

        if (node is not YamlMapping)
        {
            context.Error(ErrorCodes.WrongType, Messages.WrongType("vars", "a mapping of variable names to values", node.Describe()), node);
            return [];
        }

        return (JsonObject)ReleaseParser.ToJson(node, context, "vars")!;
    }

    private static List<SuiteAssertion> ReadAssertions(List<YamlNode> nodes, YamlReadContext context)
    {
        var result = new List<SuiteAssertion>();
        foreach (var node in nodes)
        {
            if (context.Mapping(node, "assert", "an assertion") is not { } a)
            {
                continue;
            }

            var typeNode = a.Get("type", required: true);
            var type = context.String(typeNode, "type");
            if (type is not null && !AssertionTypes.Contains(type))
            {
                context.Error(ErrorCodes.InvalidChoice, Messages.Choice("type", type, AssertionTypes, NameSuggester.Suggest(type, AssertionTypes)), typeNode!);
            }

            var value = a.Get("value") is { } v ? ReleaseParser.ToJson(v, context, "value") : null;
            var threshold = a.Number("threshold", double.MinValue, double.MaxValue, "a number");
            var weight = a.Number("weight", 0, 1e6, "a non-negative number") ?? 1;
            a.Get("metric");
            a.Finish();
            if (type is not null)
            {
                result.Add(new SuiteAssertion(type, value, threshold, weight) { Location = a.Location });
            }
        }

        return result;
    }
}
