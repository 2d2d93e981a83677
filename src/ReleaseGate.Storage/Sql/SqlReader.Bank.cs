using ReleaseGate.Core.Bank;

namespace ReleaseGate.Storage.Sql;

/// <summary>The reads of the regression bank.</summary>
internal abstract partial class SqlReader
{
    public Task<BankCaseRecord?> GetBankCaseAsync(string workflow, string caseId, CancellationToken cancellationToken = default) =>
        SingleAsync($"SELECT {BankSql.CaseColumns} FROM bank_cases c WHERE c.workflow = @workflow AND c.case_id = @caseId",
            new { workflow, caseId }, BankSql.Case, cancellationToken);

    public IAsyncEnumerable<BankCaseRecord> ReadBankAsync(string workflow, IReadOnlyCollection<BankState>? states = null, CancellationToken cancellationToken = default)
    {
        // The words come from the enum, never from the caller's text: they are safe to write into the statement.
        var filter = states is { Count: > 0 }
            ? " AND c.state IN (" + string.Join(", ", states.Distinct().Select(s => "'" + BankStates.Word(s) + "'")) + ")"
            : "";
        return StreamAsync($"SELECT {BankSql.CaseColumns} FROM bank_cases c WHERE c.workflow = @workflow{filter} ORDER BY c.case_id",
            new { workflow }, BankSql.Case, cancellationToken);
    }

    public async Task<int> CountBankAsync(string workflow, CancellationToken cancellationToken = default) =>
        (await SingleAsync("SELECT COUNT(*) FROM bank_cases WHERE workflow = @workflow", new { workflow }, r => (object)r.GetInt64(0), cancellationToken)
            .ConfigureAwait(false)) is long count ? checked((int)count) : 0;

    public Task<IReadOnlyList<BankCaseRecord>> BankAsOfAsync(string workflow, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        // Stored times are UTC; SQLite compares them as text, which orders them only when the offsets agree.
        at = at.ToUniversalTime();
        return ListAsync(
            $"SELECT {BankSql.AsOfColumns} FROM bank_cases c " +
            "JOIN bank_events e ON e.id = (SELECT MAX(x.id) FROM bank_events x WHERE x.bank_case_id = c.id AND x.at <= @at) " +
            "WHERE c.workflow = @workflow AND c.created_at <= @at ORDER BY c.case_id",
            new { workflow, at }, BankSql.Case, cancellationToken);
    }

    public Task<IReadOnlyList<BankLinkRecord>> ListBankLinksAsync(long bankCaseId, CancellationToken cancellationToken = default) =>
        ListAsync($"SELECT {BankSql.LinkColumns} FROM bank_links WHERE bank_case_id = @bankCaseId ORDER BY id", new { bankCaseId }, BankSql.Link, cancellationToken);

    public Task<IReadOnlyList<BankEventRecord>> ListBankEventsAsync(long bankCaseId, CancellationToken cancellationToken = default) =>
        ListAsync($"SELECT {BankSql.EventColumns} FROM bank_events WHERE bank_case_id = @bankCaseId ORDER BY id", new { bankCaseId }, BankSql.Event, cancellationToken);

    // Release by release (releases_by_workflow), run by run (evidence_runs' unique release key), then each run's lines by its key.
    public IAsyncEnumerable<BankReplayLine> ReadBankReplaysAsync(string workflow, string suite, string caseId, CancellationToken cancellationToken = default) =>
        StreamAsync(
            $"SELECT r.id, r.version, r.state, r.created_at, er.source, {LinesOf("l")} FROM releases r " +
            "JOIN evidence_runs er ON er.release_id = r.id JOIN result_lines l ON l.run_id = er.id " +
            "WHERE r.workflow = @workflow AND l.suite = @suite AND l.case_id = @caseId ORDER BY r.id, er.id, l.line_no",
            new { workflow, suite, caseId },
            r => new BankReplayLine(r.GetInt64(0), r.GetString(1), ReleaseStates.Parse(r.GetString(2)), Rows.Time(r, 3), Rows.LineAt(r, 5)) { RunSource = r.GetString(4) },
            cancellationToken);

    private static string LinesOf(string alias) => string.Join(", ", Rows.LineColumns.Split(", ").Select(c => alias + "." + c));
}
