using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using ReleaseGate.Core.Bank;
using ReleaseGate.Core.Formats;
using ReleaseGate.Core.Model;
using ReleaseGate.Core.Yaml;
using ReleaseGate.Storage;

namespace ReleaseGate.Server.Lifecycle;

/// <summary>
/// A workflow's regression bank on the server: adds cases (de-duplicated by the fingerprint of their normalised input),
/// moves them through their lifecycle, each change with its ledger entry, and gives the decision the bank as it stood when a
/// release was submitted. A case is never deleted.
/// </summary>
public sealed class RegressionBank
{
    private const int MaxCachedFacts = 1_000_000;

    private const int MaxSnapshotCases = 1_000_000;

    /// <summary>How long after a time the bank as of that time is taken as settled: longer than any transaction that writes to it.</summary>
    public static readonly TimeSpan SettledAfter = TimeSpan.FromMinutes(2);

    // A bank row's case and provenance never change (only its state does): what decisions read of it is parsed once per row.
    private readonly ConcurrentDictionary<long, CaseFacts> _facts = new();

    private readonly Dictionary<(string Workflow, DateTimeOffset At), List<SuiteCase>> _snapshots = [];

    private long _snapshotCases;

    /// <summary>The ledger subject of a bank case.</summary>
    public static string Subject(string workflow, string caseId) => $"bank:{workflow}/{caseId}";

    /// <summary>The word for a state on the wire and in the ledger.</summary>
    public static string Word(BankState state) => state.Word();

    /// <summary>The state a word names, or null.</summary>
    public static BankState? StateOf(string? word) => word is not null && Choices.BankStates.TryGetValue(word, out var state) ? state : null;

    /// <summary>The word for a source.</summary>
    public static string Word(BankSource source) => source.Word();

    /// <summary>The source a word names, or null.</summary>
    public static BankSource? SourceOf(string? word) => word is not null && Choices.BankSources.TryGetValue(word, out var source) ? source : null;

    /// <summary>The word for a severity.</summary>
    public static string Word(Severity severity) => severity.ToString().ToLowerInvariant();

    /// <summary>Whether a case may move from <paramref name="from"/> to <paramref name="to"/>.</summary>
    /// <remarks>
    /// Nothing moves a case back to proposed: that state is only for a case the gate's reviewers have not accepted yet. A
    /// quarantine may be renewed (quarantined to quarantined, with a new expiry).
    /// </remarks>
    public static bool CanMove(BankState from, BankState to) => (from, to) switch
    {
        (_, BankState.Proposed) => false,
        (BankState.Retired, BankState.Quarantined) => false,
        (BankState.Proposed, BankState.Quarantined) => false,
        (BankState.Quarantined, BankState.Quarantined) => true,
        _ => from != to,
    };

    /// <summary>
    /// Adds <paramref name="bankCase"/> to <paramref name="workflow"/>'s bank in <paramref name="tx"/>, or links it to the banked case
    /// whose input it duplicates, and appends the ledger entry that says which.
    /// </summary>
    /// <param name="tx">The transaction.</param>
    /// <param name="workflow">The workflow.</param>
    /// <param name="bankCase">The case.</param>
    /// <param name="provenance">Where it came from.</param>
    /// <param name="state">The state a new case takes (active, or proposed when the gate asks for new cases to be reviewed).</param>
    /// <param name="actor">Who adds it.</param>
    /// <param name="cancellationToken">Stops the work.</param>
    /// <exception cref="BankCaseIdTakenException">The workflow's bank has another case of that id.</exception>
    public static async Task<BankAddResult> AddAsync(
        IGateTransaction tx, string workflow, SuiteCase bankCase, BankProvenance provenance, BankState state, string actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tx);
        ArgumentNullException.ThrowIfNull(bankCase);
        ArgumentNullException.ThrowIfNull(provenance);
        var fingerprint = BankFingerprint.Of(bankCase);
        var result = await tx.AddBankCaseAsync(new NewBankCase(
            workflow, bankCase.Id, fingerprint, state, Word(bankCase.Severity), BankCaseJson.Write(bankCase with { Bank = null }), BankProvenanceJson.Write(provenance), actor), cancellationToken);
        if (result.Added)
        {
            await tx.AppendLedgerAsync(new NewLedgerEntry(actor, LedgerEvents.BankAdded, Subject(workflow, bankCase.Id), new JsonObject
            {
                ["workflow"] = workflow,
                ["case"] = bankCase.Id,
                ["state"] = Word(result.Case.State),
                ["severity"] = Word(bankCase.Severity),
                ["fingerprint"] = fingerprint,
                ["source"] = Word(provenance.Source),
                ["incident"] = provenance.Incident,
                ["release"] = provenance.Release,
                ["reference"] = provenance.Reference,
                ["reason"] = provenance.Reason,
            }), cancellationToken);
        }
        else if (result.Link is { } link)
        {
            await tx.AppendLedgerAsync(new NewLedgerEntry(actor, LedgerEvents.BankLinked, Subject(workflow, result.Case.CaseId), new JsonObject
            {
                ["workflow"] = workflow,
                ["case"] = result.Case.CaseId,
                ["duplicate"] = link.CaseId,
                ["fingerprint"] = fingerprint,
                ["source"] = Word(provenance.Source),
                ["incident"] = provenance.Incident,
                ["release"] = provenance.Release,
                ["reference"] = provenance.Reference,
                ["reason"] = provenance.Reason,
            }), cancellationToken);
        }

        return result;
    }

    /// <summary>Moves a bank case to another state in <paramref name="tx"/>, with its ledger entry.</summary>
    /// <exception cref="RecordNotFoundException">The bank has no such case.</exception>
    /// <exception cref="ConcurrencyConflictException">The case changed since <paramref name="expectedRowVersion"/>.</exception>
    /// <exception cref="BankFingerprintTakenException">A retired case comes back while another case holds its input.</exception>
    public static async Task<BankCaseRecord> ChangeAsync(
        IGateTransaction tx, string workflow, string caseId, long? expectedRowVersion, BankChange change, BankState from, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tx);
        ArgumentNullException.ThrowIfNull(change);
        var changed = await tx.ChangeBankCaseAsync(workflow, caseId, expectedRowVersion, change, cancellationToken);
        await tx.AppendLedgerAsync(new NewLedgerEntry(change.Actor, LedgerEvents.BankChanged, Subject(workflow, caseId), new JsonObject
        {
            ["workflow"] = workflow,
            ["case"] = caseId,
            ["from"] = Word(from),
            ["state"] = Word(change.State),
            ["reason"] = change.Reason,
            ["owner"] = change.QuarantineOwner,
            ["until"] = change.QuarantineUntil?.UtcDateTime.ToString("O", CultureInfo.InvariantCulture),
        }), cancellationToken);
        return changed;
    }

    /// <summary>
    /// The bank of <paramref name="workflow"/> as it stood at <paramref name="at"/> (a release's submission), as the suite the
    /// decision reads for the gate's <c>regressions</c>: each case with its slices, severity, state and provenance. Null when the
    /// bank held no case then: the gate's bank file, if any, stands.
    /// </summary>
    /// <remarks>
    /// The bank's history only grows, and a change is stamped with the time it is written, so the bank as of a time that is
    /// <see cref="SettledAfter"/> in the past no longer changes: it is read once and kept, and a release decided again on each
    /// review verdict or approval does not read its whole bank each time.
    /// </remarks>
    public async Task<Suite?> SuiteAsOfAsync(
        IGateReader reader, string workflow, string suiteName, Suite? file, DateTimeOffset at, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var settled = now - at > SettledAfter;
        if (settled && _snapshots.TryGetValue((workflow, at), out var kept))
        {
            return Suite(workflow, suiteName, file, kept);
        }

        var rows = await reader.BankAsOfAsync(workflow, at, cancellationToken);
        var cases = new List<SuiteCase>(rows.Count);
        foreach (var row in rows)
        {
            var facts = Facts(row);
            cases.Add(new SuiteCase
            {
                Id = row.CaseId,
                Slices = facts.Slices,
                Severity = facts.Severity,
                Bank = Info(row, facts.Provenance),
            });
        }

        if (settled)
        {
            lock (_snapshots)
            {
                if (_snapshotCases + cases.Count > MaxSnapshotCases)
                {
                    _snapshots.Clear();
                    _snapshotCases = 0;
                }

                if (_snapshots.TryAdd((workflow, at), cases))
                {
                    _snapshotCases += cases.Count;
                }
            }
        }

        return Suite(workflow, suiteName, file, cases);
    }

    private static Suite? Suite(string workflow, string suiteName, Suite? file, List<SuiteCase> cases) => cases.Count == 0 ? null : new Suite
    {
        File = $"the regression bank of {workflow}",
        Name = suiteName,
        Description = file?.Description,
        SystemPrompt = file?.SystemPrompt,
        UserPrompt = file?.UserPrompt,
        Cases = cases,
    };

    /// <summary>A stored case as a suite case, with its <c>bank:</c> information and whole provenance (what an export writes).</summary>
    /// <exception cref="InvalidDataException">The row does not hold a case ReleaseGate wrote.</exception>
    public static SuiteCase Case(BankCaseRecord row)
    {
        ArgumentNullException.ThrowIfNull(row);
        return Parse(row) with { Bank = Info(row, BankProvenanceJson.Read(row.ProvenanceJson).Value) };
    }

    /// <summary>
    /// Appends a stored case as a line of a JSONL case file, with its <c>bank</c> key, without parsing it: the stored case is the
    /// canonical JSON of a case and its provenance the provenance's fields of the bank key, so the line is put together from them.
    /// What it appends reads back as <see cref="Case"/> gives it, when the suite file the lines belong to has no default
    /// assertions (which the reader would put before each case's own).
    /// </summary>
    public static void AppendLine(StringBuilder text, BankCaseRecord row)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(row);
        text.Append(row.CaseJson, 0, row.CaseJson.Length - 1).Append(",\"bank\":");
        text.Append(row.ProvenanceJson, 0, row.ProvenanceJson.Length - 1);
        if (row.ProvenanceJson.Length > 2)
        {
            text.Append(',');
        }

        text.Append("\"state\":\"").Append(Word(row.State)).Append('"');
        if (row.State == BankState.Quarantined && row.QuarantineUntil is { } until)
        {
            Quoted(text.Append(",\"quarantine\":{\"reason\":"), row.QuarantineReason ?? "");
            Quoted(text.Append(",\"owner\":"), row.QuarantineOwner ?? "");
            Quoted(text.Append(",\"until\":"), TimestampText.FormatExact(until)).Append('}');
        }

        if (row.RetiredReason is { } retired)
        {
            Quoted(text.Append(",\"retired\":"), retired);
        }

        Quoted(text.Append(",\"fingerprint\":"), row.Fingerprint).Append("}}\n");
    }

    private static StringBuilder Quoted(StringBuilder text, string value) =>
        text.Append('"').Append(JsonEncodedText.Encode(value, JavaScriptEncoder.UnsafeRelaxedJsonEscaping).Value).Append('"');

    /// <summary>A stored case's state at <paramref name="at"/>: a quarantine that has expired by then is active again.</summary>
    public static BankState StateAt(BankCaseRecord row, DateTimeOffset at) => Info(row ?? throw new ArgumentNullException(nameof(row)), null).StateAt(at);

    private static BankCaseInfo Info(BankCaseRecord row, BankProvenance? provenance) => new()
    {
        State = row.State,
        Provenance = provenance,
        Quarantine = row.State == BankState.Quarantined && row.QuarantineUntil is { } until
            ? new BankQuarantine(row.QuarantineReason ?? "", row.QuarantineOwner ?? "", until)
            : null,
        RetiredReason = row.RetiredReason,
        Fingerprint = row.Fingerprint,
    };

    // Rows are written by AddAsync from parsed cases; one that does not read back was changed outside ReleaseGate.
    private static SuiteCase Parse(BankCaseRecord row)
    {
        var parsed = BankCaseJson.Read(row.CaseJson);
        return parsed.Value ?? throw new InvalidDataException(
            $"bank case '{row.CaseId}' of '{row.Workflow}' is not a case ReleaseGate wrote: {string.Join("; ", parsed.Errors)}");
    }

    /// <summary>What a decision reads of a case: kept small, since a large bank's every case is kept.</summary>
    private CaseFacts Facts(BankCaseRecord row)
    {
        if (_facts.TryGetValue(row.Id, out var facts))
        {
            return facts;
        }

        var bankCase = Parse(row);
        var provenance = BankProvenanceJson.Read(row.ProvenanceJson).Value is { } p
            ? new BankProvenance { Source = p.Source, AddedBy = p.AddedBy, AddedAt = p.AddedAt, Reason = "", Incident = p.Incident }
            : null;
        facts = new CaseFacts(bankCase.Slices, bankCase.Severity, provenance);
        if (_facts.Count >= MaxCachedFacts)
        {
            _facts.Clear();
        }

        _facts[row.Id] = facts;
        return facts;
    }

    private sealed record CaseFacts(IReadOnlyList<string> Slices, Severity Severity, BankProvenance? Provenance);
}
