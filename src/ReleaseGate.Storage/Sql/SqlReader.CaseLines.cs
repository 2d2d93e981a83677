namespace ReleaseGate.Storage.Sql;

internal abstract partial class SqlReader
{
    public IAsyncEnumerable<EvidenceLine> ReadCaseLinesAsync(long runId, string suite, string caseId, CancellationToken cancellationToken = default) =>
        StreamAsync($"SELECT {Rows.LineColumns} FROM result_lines WHERE run_id = @runId AND suite = @suite AND case_id = @caseId ORDER BY line_no",
            new { runId, suite, caseId }, Rows.Line, cancellationToken);
}
