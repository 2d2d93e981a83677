using System.Data.Common;

namespace ReleaseGate.Storage.Sql;

/// <summary>
/// Runs <see cref="LedgerStateCheck"/> in one snapshot: the state-bearing ledger entries (by the <c>ledger_by_type</c> index), then
/// decisions, releases, approvals, waivers, review verdicts and bank cases, each streamed by one reader in the order the check needs.
/// </summary>
internal static class LedgerStateWalk
{
    public static async Task<StateVerification> RunAsync(DbConnection connection, DbTransaction snapshot, CancellationToken cancellationToken)
    {
        var check = new LedgerStateCheck();
        var types = string.Join(", ", LedgerEvents.StateBearing.Select(t => "'" + t + "'"));
        await ReadAsync(connection, snapshot, $"SELECT {Rows.LedgerColumns} FROM ledger WHERE type IN ({types}) ORDER BY seq", Rows.Ledger, check.Apply, cancellationToken)
            .ConfigureAwait(false);
        await ReadAsync(connection, snapshot, $"SELECT {Rows.DecisionColumns} FROM decisions ORDER BY release_id, id", Rows.Decision, check.Decision, cancellationToken)
            .ConfigureAwait(false);
        check.EndDecisions();
        check.MissingDecisions();
        foreach (var release in check.DecisionMismatches)
        {
            await NameDecisionAsync(connection, snapshot, check, release, cancellationToken).ConfigureAwait(false);
        }

        await ReadAsync(connection, snapshot, $"SELECT {Rows.ReleaseColumns} FROM releases ORDER BY id", Rows.Release, check.Release, cancellationToken).ConfigureAwait(false);
        await ReadAsync(connection, snapshot, $"SELECT {Rows.ApprovalColumns} FROM approvals ORDER BY id", Rows.Approval, check.Approval, cancellationToken).ConfigureAwait(false);
        await ReadAsync(connection, snapshot, $"SELECT {Rows.WaiverColumns} FROM waivers ORDER BY id", Rows.Waiver, check.Waiver, cancellationToken).ConfigureAwait(false);
        await ReadAsync(connection, snapshot, $"SELECT {Rows.ReviewVerdictColumns} FROM review_verdicts ORDER BY id", Rows.ReviewVerdict, check.ReviewVerdict, cancellationToken)
            .ConfigureAwait(false);
        await ReadAsync(connection, snapshot, "SELECT id, workflow, case_id, state FROM bank_cases ORDER BY id",
            r => (Id: r.GetInt64(0), Workflow: r.GetString(1), CaseId: r.GetString(2), State: r.GetString(3)), c => check.BankCase(c.Id, c.Workflow, c.CaseId, c.State),
            cancellationToken).ConfigureAwait(false);
        check.Missing();
        return check.Result();
    }

    /// <summary>Names the first decision of <paramref name="releaseId"/> that differs from its ledger entry (a rare, per-release second look).</summary>
    private static async Task NameDecisionAsync(DbConnection connection, DbTransaction snapshot, LedgerStateCheck check, long releaseId, CancellationToken cancellationToken)
    {
        var rows = new List<DecisionRecord>();
        await ReadAsync(connection, snapshot, $"SELECT {Rows.DecisionColumns} FROM decisions WHERE release_id = {releaseId} ORDER BY id", Rows.Decision, rows.Add, cancellationToken)
            .ConfigureAwait(false);
        var entries = new List<LedgerEntry>();
        await ReadAsync(connection, snapshot,
            $"SELECT {Rows.LedgerColumns} FROM ledger WHERE type = '{LedgerEvents.DecisionChanged}' AND subject LIKE '%/{releaseId}' ORDER BY seq", Rows.Ledger,
            e =>
            {
                if (e.Subject.StartsWith("release/", StringComparison.Ordinal) && e.Subject.EndsWith("/" + releaseId, StringComparison.Ordinal))
                {
                    entries.Add(e);
                }
            }, cancellationToken).ConfigureAwait(false);
        for (var i = 0; i < Math.Max(rows.Count, entries.Count); i++)
        {
            if (i >= rows.Count)
            {
                check.Break("decisions", releaseId, $"ledger entry {entries[i].Seq} records a decision of release {releaseId} that the table does not hold");
                return;
            }

            var row = rows[i];
            if (i >= entries.Count)
            {
                check.Break("decisions", row.Id, $"decision {row.Id} of release {releaseId} ({row.Verdict}) has no decision.changed entry in the ledger: it was stored outside ReleaseGate");
                return;
            }

            var payload = System.Text.Json.Nodes.JsonNode.Parse(entries[i].PayloadJson) as System.Text.Json.Nodes.JsonObject ?? [];
            string? Text(string name) => payload[name]?.GetValueKind() == System.Text.Json.JsonValueKind.String ? payload[name]!.GetValue<string>() : null;
            var expected = LedgerStateCheck.DecisionTuple(Text("verdict") ?? "", Text("gate"), Text("release"), Text("evidence"), Text("baseline"), entries[i].Actor);
            var actual = LedgerStateCheck.DecisionTuple(row.Verdict, row.GateDigest, row.ReleaseDigest, row.EvidenceDigest, row.BaselineDigest, row.Actor);
            if (expected != actual)
            {
                check.Break("decisions", row.Id, $"decision {row.Id} of release {releaseId} is not what ledger entry {entries[i].Seq} records: the table has {actual.Replace('\n', ';')}, the ledger {expected.Replace('\n', ';')}");
                return;
            }

            if (Text("decision") is { } digest && digest != LedgerStateCheck.DecisionDigest(row.DecisionJson))
            {
                check.Break("decisions", row.Id, $"the decision JSON of decision {row.Id} of release {releaseId} was changed: its digest is not the {digest} that ledger entry {entries[i].Seq} records");
                return;
            }
        }
    }

    private static async Task ReadAsync<T>(DbConnection connection, DbTransaction snapshot, string sql, Func<DbDataReader, T> map, Action<T> use, CancellationToken cancellationToken)
    {
        var command = SqlCommands.Create(connection, snapshot, sql);
        await using (command.ConfigureAwait(false))
        {
            var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    use(map(reader));
                }
            }
        }
    }
}
