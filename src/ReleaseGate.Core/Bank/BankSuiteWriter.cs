using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ReleaseGate.Core.Formats;
using ReleaseGate.Core.Json;
using ReleaseGate.Core.Model;
using ReleaseGate.Core.Yaml;

namespace ReleaseGate.Core.Bank;

/// <summary>
/// Writes a regression bank as a suite file (<c>kind: Suite</c>) that <see cref="SuiteParser"/> reads back to the same
/// cases, each with its <c>bank:</c> key (state, provenance, quarantine, retirement, fingerprint), so that an exported
/// bank replays with <c>eval run</c>, checks with <c>check</c>, and keeps where each case came from in git.
/// </summary>
/// <remarks>
/// Every text is written as a JSON string in double quotes (valid YAML, with the characters YAML does not allow raw, or
/// reads as line breaks, escaped); variables and assertion values are JSON in YAML's flow style, so numbers and booleans
/// keep their type. A case's assertions are written without the suite defaults' assertions at their head, since the
/// parser puts those back. Cases are written as they come, one at a time: memory does not grow with the bank.
/// A suite file is one YAML document, which readers refuse beyond <see cref="Diagnostics.InputLimits.MaxYamlDocumentBytes"/>
/// (RG1024; a case with a bank key takes about 700 bytes): a larger bank is written as a header
/// (<see cref="WriteHeader"/>) and a JSONL case file (<see cref="WriteCaseLines"/>), which is read a line at a time.
/// </remarks>
/// <threadsafety>Stateless; safe to call from several threads on different writers.</threadsafety>
public static class BankSuiteWriter
{
    // Each case's text is handed to the writer once it is this long, so that a large bank is written in few calls.
    private const int ChunkChars = 64 * 1024;

    /// <summary>Writes the suite's header and then every case of <paramref name="cases"/>.</summary>
    /// <param name="writer">Where the file's text goes (UTF-8 for a file).</param>
    /// <param name="name">The suite name (the gate's <c>regressions.suite</c>).</param>
    /// <param name="cases">The bank's cases, in the order to write them.</param>
    /// <param name="header">The gate's bank file, when there is one: its description, prompts and defaults are written too.</param>
    public static void Write(TextWriter writer, string name, IEnumerable<SuiteCase> cases, Suite? header = null)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(cases);
        var text = Header(name, header).Append("cases:\n");
        var defaults = header?.Defaults.Assertions ?? [];
        foreach (var suiteCase in cases)
        {
            AppendCase(text, suiteCase, defaults);
            if (text.Length >= ChunkChars)
            {
                writer.Write(text);
                text.Clear();
            }
        }

        writer.Write(text);
    }

    /// <summary>Writes the suite's header and then every case of <paramref name="cases"/> as it arrives.</summary>
    /// <param name="writer">Where the file's text goes (UTF-8 for a file).</param>
    /// <param name="name">The suite name (the gate's <c>regressions.suite</c>).</param>
    /// <param name="cases">The bank's cases, in the order to write them (a store's stream).</param>
    /// <param name="header">The gate's bank file, when there is one: its description, prompts and defaults are written too.</param>
    /// <param name="cancellationToken">Stops the writing.</param>
    public static async Task WriteAsync(TextWriter writer, string name, IAsyncEnumerable<SuiteCase> cases, Suite? header = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(cases);
        var text = Header(name, header).Append("cases:\n");
        var defaults = header?.Defaults.Assertions ?? [];
        await foreach (var suiteCase in cases.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            AppendCase(text, suiteCase, defaults);
            if (text.Length >= ChunkChars)
            {
                await writer.WriteAsync(text, cancellationToken).ConfigureAwait(false);
                text.Clear();
            }
        }

        await writer.WriteAsync(text, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Writes the header of a suite whose cases are in JSONL case files (<c>case_files</c>), for a bank too large for
    /// one YAML document (<see cref="Diagnostics.InputLimits.MaxYamlDocumentBytes"/>): the case files are written with
    /// <see cref="WriteCaseLines"/>, and read a line at a time.
    /// </summary>
    /// <param name="writer">Where the suite file's text goes.</param>
    /// <param name="name">The suite name (the gate's <c>regressions.suite</c>).</param>
    /// <param name="caseFiles">The case files' paths, relative to the suite file.</param>
    /// <param name="header">The gate's bank file, when there is one: its description, prompts and defaults are written too.</param>
    public static void WriteHeader(TextWriter writer, string name, IReadOnlyList<string> caseFiles, Suite? header = null)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(caseFiles);
        writer.Write(Names(Header(name, header).Append("case_files: "), caseFiles).Append('\n'));
    }

    /// <summary>
    /// Writes the cases as a JSONL case file: each case one line of canonical JSON with the keys of a case (as
    /// <see cref="BankCaseJson"/> writes them) and its <c>bank</c> key, which the case-line reader reads back.
    /// </summary>
    /// <param name="writer">Where the case file's text goes (UTF-8 for a file).</param>
    /// <param name="cases">The bank's cases, in the order to write them.</param>
    /// <param name="header">The suite file the lines belong to, whose default assertions are left out of each case's own.</param>
    public static void WriteCaseLines(TextWriter writer, IEnumerable<SuiteCase> cases, Suite? header = null)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(cases);
        var text = new StringBuilder(ChunkChars + 4096);
        var defaults = header?.Defaults.Assertions ?? [];
        foreach (var suiteCase in cases)
        {
            AppendLine(text, suiteCase, defaults);
            if (text.Length >= ChunkChars)
            {
                writer.Write(text);
                text.Clear();
            }
        }

        writer.Write(text);
    }

    /// <summary>Writes the cases as a JSONL case file as they arrive; see <see cref="WriteCaseLines"/>.</summary>
    /// <param name="writer">Where the case file's text goes (UTF-8 for a file).</param>
    /// <param name="cases">The bank's cases, in the order to write them (a store's stream).</param>
    /// <param name="header">The suite file the lines belong to, whose default assertions are left out of each case's own.</param>
    /// <param name="cancellationToken">Stops the writing.</param>
    public static async Task WriteCaseLinesAsync(TextWriter writer, IAsyncEnumerable<SuiteCase> cases, Suite? header = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(cases);
        var text = new StringBuilder(ChunkChars + 4096);
        var defaults = header?.Defaults.Assertions ?? [];
        await foreach (var suiteCase in cases.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            AppendLine(text, suiteCase, defaults);
            if (text.Length >= ChunkChars)
            {
                await writer.WriteAsync(text, cancellationToken).ConfigureAwait(false);
                text.Clear();
            }
        }

        await writer.WriteAsync(text, cancellationToken).ConfigureAwait(false);
    }

    private static void AppendLine(StringBuilder text, SuiteCase c, IReadOnlyList<SuiteAssertion> defaults)
    {
        var own = StartsWith(c.Assertions, defaults) ? c with { Assertions = c.Assertions.Skip(defaults.Count).ToList() } : c;
        var json = BankCaseJson.ToJson(own);
        json["bank"] = BankJson(c);
        text.Append(CanonicalJson.Serialize(json)).Append('\n');
    }

    private static JsonObject BankJson(SuiteCase c)
    {
        var info = c.Bank ?? new BankCaseInfo();
        var json = info.Provenance is { } p ? BankProvenanceJson.ToJson(p) : [];
        json["state"] = info.State.Word();
        if (info.Quarantine is { } q)
        {
            json["quarantine"] = new JsonObject { ["reason"] = q.Reason, ["owner"] = q.Owner, ["until"] = TimestampText.FormatExact(q.Until) };
        }

        if (info.RetiredReason is { } retired)
        {
            json["retired"] = retired;
        }

        json["fingerprint"] = info.Fingerprint ?? BankFingerprint.Of(c);
        return json;
    }

    private static StringBuilder Header(string name, Suite? header)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        var text = new StringBuilder(ChunkChars + 4096);
        text.Append("apiVersion: releasegate/v1\nkind: Suite\nname: ");
        Quote(text, name).Append('\n');
        if (header?.Description is { } description)
        {
            Quote(text.Append("description: "), description).Append('\n');
        }

        if (header is { SystemPrompt: not null } or { UserPrompt: not null })
        {
            text.Append("prompts:\n");
            if (header.SystemPrompt is { } system)
            {
                Quote(text.Append("  system: "), system).Append('\n');
            }

            if (header.UserPrompt is { } user)
            {
                Quote(text.Append("  user: "), user).Append('\n');
            }
        }

        if (header?.Defaults is { } d && d != SuiteDefaults.None && (d.Severity != Severity.Medium || d.Slices.Count > 0 || d.Vars.Count > 0 || d.Assertions.Count > 0))
        {
            text.Append("defaults:\n");
            Quote(text.Append("  severity: "), d.Severity.Word()).Append('\n');
            Names(text.Append("  slices: "), d.Slices).Append('\n');
            Json(text.Append("  vars: "), d.Vars).Append('\n');
            Assertions(text, d.Assertions, "  ");
        }

        return text;
    }

    private static void AppendCase(StringBuilder text, SuiteCase c, IReadOnlyList<SuiteAssertion> defaults)
    {
        Quote(text.Append("  - id: "), c.Id).Append('\n');
        if (c.Description is { } description)
        {
            Quote(text.Append("    description: "), description).Append('\n');
        }

        Quote(text.Append("    severity: "), c.Severity.Word()).Append('\n');
        Names(text.Append("    slices: "), c.Slices).Append('\n');
        Json(text.Append("    vars: "), c.Vars).Append('\n');
        if (c.Messages is { } messages)
        {
            Conversation(text, messages);
        }

        var own = StartsWith(c.Assertions, defaults) ? c.Assertions.Skip(defaults.Count).ToList() : c.Assertions;
        Assertions(text, own, "    ");
        Bank(text, c);
    }

    private static void Conversation(StringBuilder text, IReadOnlyList<ChatTurn> turns)
    {
        text.Append("    messages:\n");
        foreach (var turn in turns)
        {
            Quote(text.Append("      - role: "), turn.Role).Append('\n');
            if (turn.Content is { } content)
            {
                Quote(text.Append("        content: "), content).Append('\n');
            }

            if (turn.ToolCalls.Count > 0)
            {
                text.Append("        tool_calls:\n");
                foreach (var call in turn.ToolCalls)
                {
                    Quote(text.Append("          - id: "), call.Id).Append('\n');
                    Quote(text.Append("            name: "), call.Name).Append('\n');
                    Quote(text.Append("            arguments: "), call.Arguments).Append('\n');
                }
            }

            if (turn.ToolCallId is { } answered)
            {
                Quote(text.Append("        tool_call_id: "), answered).Append('\n');
            }
        }
    }

    private static void Assertions(StringBuilder text, IReadOnlyList<SuiteAssertion> assertions, string indent)
    {
        text.Append(indent).Append("assert:");
        if (assertions.Count == 0)
        {
            text.Append(" []\n");
            return;
        }

        text.Append('\n');
        foreach (var a in assertions)
        {
            Quote(text.Append(indent).Append("  - type: "), a.Type).Append('\n');
            if (a.Value is not null)
            {
                Json(text.Append(indent).Append("    value: "), a.Value).Append('\n');
            }

            if (a.Threshold is { } threshold)
            {
                text.Append(indent).Append("    threshold: ").Append(CanonicalJson.FormatNumber(threshold)).Append('\n');
            }

            if (a.Weight != 1)
            {
                text.Append(indent).Append("    weight: ").Append(CanonicalJson.FormatNumber(a.Weight)).Append('\n');
            }
        }
    }

    private static void Bank(StringBuilder text, SuiteCase c)
    {
        var info = c.Bank ?? new BankCaseInfo();
        text.Append("    bank:\n");
        Quote(text.Append("      state: "), info.State.Word()).Append('\n');
        if (info.Provenance is { } p)
        {
            Quote(text.Append("      source: "), p.Source.Word()).Append('\n');
            Quote(text.Append("      added_by: "), p.AddedBy).Append('\n');
            Quote(text.Append("      added_at: "), TimestampText.FormatExact(p.AddedAt)).Append('\n');
            Quote(text.Append("      reason: "), p.Reason).Append('\n');
            Optional(text, "incident", p.Incident);
            Optional(text, "release", p.Release);
            Optional(text, "reference", p.Reference);
            Optional(text, "original_output", p.OriginalOutput);
        }

        if (info.Quarantine is { } q)
        {
            text.Append("      quarantine:\n");
            Quote(text.Append("        reason: "), q.Reason).Append('\n');
            Quote(text.Append("        owner: "), q.Owner).Append('\n');
            Quote(text.Append("        until: "), TimestampText.FormatExact(q.Until)).Append('\n');
        }

        Optional(text, "retired", info.RetiredReason);
        Quote(text.Append("      fingerprint: "), info.Fingerprint ?? BankFingerprint.Of(c)).Append('\n');
    }

    private static void Optional(StringBuilder text, string key, string? value)
    {
        if (value is not null)
        {
            Quote(text.Append("      ").Append(key).Append(": "), value).Append('\n');
        }
    }

    private static bool StartsWith(IReadOnlyList<SuiteAssertion> assertions, IReadOnlyList<SuiteAssertion> head)
    {
        if (head.Count == 0 || assertions.Count < head.Count)
        {
            return false;
        }

        for (var i = 0; i < head.Count; i++)
        {
            var (a, b) = (assertions[i], head[i]);
            if (a.Type != b.Type || a.Threshold != b.Threshold || a.Weight != b.Weight || !JsonNode.DeepEquals(a.Value, b.Value))
            {
                return false;
            }
        }

        return true;
    }

    private static StringBuilder Names(StringBuilder text, IReadOnlyList<string> names)
    {
        text.Append('[');
        for (var i = 0; i < names.Count; i++)
        {
            Quote(i > 0 ? text.Append(", ") : text, names[i]);
        }

        return text.Append(']');
    }

    /// <summary>Appends JSON in YAML's flow style: strings quoted as <see cref="Quote"/> does, numbers as ECMAScript prints them.</summary>
    private static StringBuilder Json(StringBuilder text, JsonNode? node)
    {
        switch (node)
        {
            case null:
                text.Append("null");
                break;
            case JsonObject obj:
                text.Append('{');
                var first = true;
                foreach (var (key, value) in obj)
                {
                    Quote(first ? text : text.Append(", "), key).Append(": ");
                    Json(text, value);
                    first = false;
                }

                text.Append('}');
                break;
            case JsonArray array:
                text.Append('[');
                for (var i = 0; i < array.Count; i++)
                {
                    Json(i > 0 ? text.Append(", ") : text, array[i]);
                }

                text.Append(']');
                break;
            case JsonValue value:
                switch (value.GetValueKind())
                {
                    case JsonValueKind.String:
                        Quote(text, value.GetValue<string>());
                        break;
                    case JsonValueKind.Number:
                        text.Append(CanonicalJson.FormatNumber(value.TryGetValue(out double number)
                            ? number
                            : double.Parse(value.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture)));
                        break;
                    case JsonValueKind.True:
                        text.Append("true");
                        break;
                    case JsonValueKind.False:
                        text.Append("false");
                        break;
                    default:
                        text.Append("null");
                        break;
                }

                break;
        }

        return text;
    }

    /// <summary>
    /// Appends <paramref name="value"/> as a JSON string in double quotes, which YAML reads as the same text: besides
    /// JSON's escapes, every character YAML does not allow raw (DEL, C1 controls, U+FFFE/U+FFFF, lone surrogates) or reads
    /// as a line break (U+0085, U+2028, U+2029), and the byte-order mark, is written as <c>\uXXXX</c>.
    /// </summary>
    private static StringBuilder Quote(StringBuilder text, string value)
    {
        text.Append('"');
        if (!value.AsSpan().ContainsAny(s_escaped))
        {
            return text.Append(value).Append('"');
        }

        var start = 0;
        for (var i = 0; i < value.Length; i++)
        {
            var ch = value[i];
            string? escape = ch switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                _ => null,
            };
            if (escape is null)
            {
                if (char.IsHighSurrogate(ch) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
                {
                    i++;
                    continue;
                }

                if (!NeedsEscape(ch))
                {
                    continue;
                }
            }

            text.Append(value, start, i - start);
            if (escape is not null)
            {
                text.Append(escape);
            }
            else
            {
                text.Append("\\u").Append(((int)ch).ToString("X4", CultureInfo.InvariantCulture));
            }

            start = i + 1;
        }

        return text.Append(value, start, value.Length - start).Append('"');
    }

    // What Quote escapes, found at once in the common text that needs no escape.
    private static readonly SearchValues<char> s_escaped = SearchValues.Create(
        [.. Enumerable.Range(0, 0x10000).Select(i => (char)i).Where(ch => ch is '"' or '\\' || NeedsEscape(ch))]);

    /// <summary>Whether a character must be written as an escape for YAML to read it back as itself (a surrogate of a pair is handled by the caller).</summary>
    internal static bool NeedsEscape(char ch) =>
        ch < 0x20 || (ch >= 0x7F && ch <= 0x9F) || ch is '\u2028' or '\u2029' or '\uFEFF' or '\uFFFE' or '\uFFFF' || char.IsSurrogate(ch);
}
