using System.Runtime.CompilerServices;

namespace ReleaseGate.Storage.Sql;

internal abstract partial class SqlReader
{
    public async IAsyncEnumerable<(long RunId, EvidenceLine Line)> ReadCaseLinesAsync(
        long releaseId, string suite, string caseId, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        foreach (var run in await ListEvidenceRunsAsync(releaseId, cancellationToken).ConfigureAwait(false))
        {
            var runId = run.Id;
            await foreach (var line in StreamAsync(
                $"SELECT {Rows.LineColumns} FROM result_lines WHERE run_id = @runId AND suite = @suite AND case_id = @caseId ORDER BY line_no",
                new { runId, suite, caseId }, Rows.Line, cancellationToken).ConfigureAwait(false))
            {
                yield return (runId, line);
            }
        }
    }
}
