using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using ReleaseGate.Cli.Storage;
using System.Text;
using ReleaseGate.Core.Diagnostics;
using ReleaseGate.Core.Evidence;
using ReleaseGate.Core.Formats;
using ReleaseGate.Storage;

namespace ReleaseGate.Cli.Commands;

/// <summary>
/// <c>releasegate db ingest</c>: bulk-load a results JSONL file into the store as one evaluation run of a release, in one
/// transaction with its ledger entry — the whole run or none of it. Re-ingesting the same file is a no-op. A low-level verb
/// for migrations, tests and benchmarks; the server's upload path uses the same store call.
/// </summary>
public static class DbCommand
{
    /// <summary>Lines between progress messages on standard error.</summary>
    private const long ProgressEvery = 100_000;

    /// <summary>Builds the <c>db</c> command with its <c>ingest</c> verb.</summary>
    public static Command Create()
    {
        var db = StoreTarget.CreateOption();
        var results = new Option<string>("--results") { Description = "The results JSONL file (DESIGN §4 results format).", Required = true };
        var workflow = new Option<string>("--workflow") { Description = "The workflow; created (risk medium) when absent.", Required = true };
        var version = new Option<string>("--release", "-r") { Description = "The release version; created when the workflow has none with this version.", Required = true };
        var actor = new Option<string>("--actor") { Description = "Who is ingesting, for the ledger.", DefaultValueFactory = _ => Environment.UserName };
        var ingest = new Command("ingest", "Store a results file as one evaluation run of a release: all lines in one transaction, idempotent by the file's digest.")
        {
            db, results, workflow, version, actor,
        };
        ingest.SetAction((parse, ct) => IngestAsync(
            parse.GetValue(db), parse.GetRequiredValue(results), parse.GetRequiredValue(workflow), parse.GetRequiredValue(version),
            parse.GetRequiredValue(actor), Console.Out, Console.Error, ct));
        return new Command("db", "Low-level database tools.") { ingest };
    }

    internal static async Task<int> IngestAsync(
        string? db, string results, string workflow, string version, string actor, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        if (StoreTarget.Resolve(db, stderr) is not { } database)
        {
            return ExitCodes.BadInput;
        }

        string digest;
        try
        {
            await using var file = File.OpenRead(results);
            digest = "sha256:" + Convert.ToHexStringLower(await SHA256.HashDataAsync(file, cancellationToken).ConfigureAwait(false));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            stderr.WriteLine($"{results}: {ErrorCodes.FileUnreadable}: cannot read the results file: {e.Message}");
            return ExitCodes.BadInput;
        }

        var watch = Stopwatch.StartNew();
        try
        {
            var store = await GateStore.OpenAsync(new GateStoreOptions { Database = database }, cancellationToken).ConfigureAwait(false);
            await using (store.ConfigureAwait(false))
            {
                var tx = await store.BeginAsync(cancellationToken).ConfigureAwait(false);
                await using (tx.ConfigureAwait(false))
                {
                    var release = await EnsureReleaseAsync(tx, workflow, version, actor, cancellationToken).ConfigureAwait(false);
                    var stored = await tx.AddEvidenceRunAsync(
                        new NewEvidenceRun(release.Id, digest, Path.GetFileName(results), actor), Pipelined(results, stderr, cancellationToken), cancellationToken).ConfigureAwait(false);
                    if (!stored.Created)
                    {
                        stdout.WriteLine($"already stored: run {stored.Run.Id} of {workflow} {version} has {stored.Run.LineCount} lines with digest {digest}; nothing written");
                        return ExitCodes.Pass;
                    }

                    await tx.AppendLedgerAsync(new NewLedgerEntry(actor, LedgerEvents.EvidenceIngested, $"release:{release.Id}", new JsonObject
                    {
                        ["run"] = stored.Run.Id,
                        ["digest"] = digest,
                        ["lines"] = stored.Run.LineCount,
                        ["source"] = stored.Run.Source,
                    }), cancellationToken).ConfigureAwait(false);
                    await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
                    stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"stored run {stored.Run.Id} of {workflow} {version}: {stored.Run.LineCount} lines ({digest}) in {watch.Elapsed.TotalSeconds:F2} s"));
                    return ExitCodes.Pass;
                }
            }
        }
        catch (BadLineException e)
        {
            stderr.WriteLine(e.Error.ToString());
            stderr.WriteLine("nothing was stored: fix the line and ingest the file again.");
            return ExitCodes.BadInput;
        }
        catch (GateStoreException e)
        {
            StoreTarget.WriteError(e, stderr);
            return ExitCodes.BadInput;
        }
    }

    private static async Task<ReleaseRecord> EnsureReleaseAsync(IGateTransaction tx, string workflow, string version, string actor, CancellationToken cancellationToken)
    {
        if (await tx.GetWorkflowAsync(workflow, cancellationToken).ConfigureAwait(false) is null)
        {
            await tx.UpsertWorkflowAsync(workflow, "medium", cancellationToken).ConfigureAwait(false);
        }

        var existing = (await tx.ListReleasesAsync(workflow, null, int.MaxValue, cancellationToken).ConfigureAwait(false)).FirstOrDefault(r => r.Version == version);
        if (existing is not null)
        {
            return existing;
        }

        // No manifest here: the release is identified by workflow and version only, so its digest is derived from them.
        var manifest = $"# release {version} of {workflow}, created by 'releasegate db ingest' without a manifest\n";
        var digest = "sha256:" + Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(manifest)));
        var release = await tx.AddReleaseAsync(new NewRelease(workflow, version, digest, manifest, actor, "none"), cancellationToken).ConfigureAwait(false);
        await tx.AppendLedgerAsync(new NewLedgerEntry(actor, LedgerEvents.ReleaseCreated, $"release:{release.Id}", new JsonObject
        {
            ["workflow"] = workflow,
            ["version"] = version,
            ["digest"] = digest,
        }), cancellationToken).ConfigureAwait(false);
        return release;
    }

    /// <summary>
    /// Parses on a second thread while the store inserts: batches of parsed lines pass through a small bounded channel, so the
    /// JSON work overlaps the database's instead of adding to it. A bad line ends the stream with its error.
    /// </summary>
    private static async IAsyncEnumerable<EvidenceLine> Pipelined(string path, TextWriter stderr, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var channel = Channel.CreateBounded<EvidenceLine[]>(new BoundedChannelOptions(8) { SingleReader = true, SingleWriter = true });
        var producer = Task.Run(async () =>
        {
            try
            {
                var batch = new List<EvidenceLine>(1024);
                await foreach (var line in ReadLines(path, stderr, stop.Token).ConfigureAwait(false))
                {
                    batch.Add(line);
                    if (batch.Count == 1024)
                    {
                        await channel.Writer.WriteAsync([.. batch], stop.Token).ConfigureAwait(false);
                        batch.Clear();
                    }
                }

                if (batch.Count > 0)
                {
                    await channel.Writer.WriteAsync([.. batch], stop.Token).ConfigureAwait(false);
                }

                channel.Writer.Complete();
            }
            catch (Exception e)
            {
                channel.Writer.Complete(e);
            }
        }, CancellationToken.None);

        try
        {
            while (true)
            {
                EvidenceLine[] batch;
                try
                {
                    if (!await channel.Reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
                    {
                        break;
                    }

                    batch = await channel.Reader.ReadAsync(cancellationToken).ConfigureAwait(false);
                }
                catch (ChannelClosedException e) when (e.InnerException is not null)
                {
                    ExceptionDispatchInfo.Throw(e.InnerException);
                    throw;
                }

                foreach (var line in batch)
                {
                    yield return line;
                }
            }
        }
        finally
        {
            // The consumer stopped (finished, failed or was cancelled): stop the parser and let it finish.
            await stop.CancelAsync().ConfigureAwait(false);
            await producer.ConfigureAwait(false);
        }
    }

    private static async IAsyncEnumerable<EvidenceLine> ReadLines(string path, TextWriter stderr, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // Split by Core's JsonLines and read by the results reader that check and the server use: one reader for evidence.
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
        var lines = new JsonLines(stream, path);
        var reader = new ResultsReader(path, allBaseline: false);
        var stored = 0L;
        while (lines.Next(out var line, out var tooLong))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (tooLong is not null)
            {
                throw new BadLineException(tooLong);
            }

            var errors = reader.ErrorCount;
            var span = lines.LineNumber == 1 && line.Span.StartsWith("\uFEFF"u8) ? line.Span[3..] : line.Span;
            if (reader.ReadRecord(span, lines.LineNumber) is not { } fields)
            {
                if (reader.ErrorCount != errors)
                {
                    throw new BadLineException(reader.Errors[^1]);
                }

                continue; // blank
            }

            yield return new EvidenceLine(
                fields.LineNumber, fields.Suite, fields.Case, fields.Repeat, fields.Target, fields.Pass, fields.Error, fields.Score, fields.LatencyMs, fields.Cost,
                Encoding.UTF8.GetString(span));
            if (++stored % ProgressEvery == 0)
            {
                stderr.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ingested {stored} lines"));
            }
        }
    }

    private sealed class BadLineException(GateError error) : Exception(error.Message)
    {
        public GateError Error { get; } = error;
    }
}
