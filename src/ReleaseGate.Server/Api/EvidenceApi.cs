using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using ReleaseGate.Core.Decisions;
using ReleaseGate.Core.Diagnostics;
using ReleaseGate.Core.Evidence;
using ReleaseGate.Core.Formats;
using ReleaseGate.Server.Lifecycle;
using ReleaseGate.Storage;

namespace ReleaseGate.Server.Api;

/// <summary>
/// Evidence uploads: results JSONL streamed to a temporary file (never whole in memory), validated line by line with the
/// same reader as <c>releasegate check</c>, and only then stored with the decision it causes, in one transaction. An
/// invalid upload writes nothing and answers every invalid line (up to <see cref="ResultsReader.MaxReportedErrors"/>).
/// </summary>
internal static class EvidenceApi
{
    /// <summary>The longest suite or case name the store keeps, in characters.</summary>
    private const int MaxIdLength = 512;

    private static readonly UTF8Encoding Strict = new(false, true);

    public static async Task<Results<Ok<EvidenceStoredV1>, Created<EvidenceStoredV1>, ProblemHttpResult>> UploadAsync(
        long id, string? target, string? name, HttpContext context, IGateStore store, ReleaseLifecycle lifecycle, ServerMetrics metrics, CancellationToken cancellationToken)
    {
        var caller = context.Caller();
        if (target is not (null or "candidate" or "baseline"))
        {
            return Problems.BadField("target", $"'{target}' is not a target; use 'candidate' (the default: each line's own 'target' decides) or 'baseline' (every line is the baseline's).");
        }

        var type = context.Request.ContentType ?? "";
        if (!(type.StartsWith("application/x-ndjson", StringComparison.OrdinalIgnoreCase) || type.StartsWith("application/jsonl", StringComparison.OrdinalIgnoreCase)
            || type.StartsWith("application/json", StringComparison.OrdinalIgnoreCase) || type.StartsWith("text/plain", StringComparison.OrdinalIgnoreCase)))
        {
            return Problems.Of(StatusCodes.Status415UnsupportedMediaType, ProblemCodes.UnsupportedMediaType, "Unsupported media type",
                $"send results as application/x-ndjson (one JSON object a line); got '{(type.Length == 0 ? "no content type" : type)}'.");
        }

        if (await store.GetReleaseAsync(id, cancellationToken) is not { } release)
        {
            return ReleasesApi.UnknownRelease(id);
        }

        if (Views.Closed(release))
        {
            return Problems.Closed(release.Workflow, release.Version, ReleaseStates.Word(release.State));
        }

        var settings = ReleasesApi.Settings(context);
        var file = string.IsNullOrWhiteSpace(name) ? "results.jsonl" : Path.GetFileName(name.Replace('\\', '/'));
        if (Identifiers.Name(file, "the upload name (?name=)", Identifiers.MaxPathLength, SourceLocation.OfFile("name")) is { } badName)
        {
            return Problems.Invalid(ProblemCodes.InvalidResults, "results", [badName]);
        }

        await using var spool = await EvidenceSpool.ReceiveAsync(context.Request.Body, settings.MaxEvidenceLineBytes, cancellationToken);
        if (spool.Scanner.TooLongLine is { } longLine)
        {
            // The rest is read and dropped, not kept, so that the client reads the answer.
            await BodyLimits.DrainAsync(context);
            return Problems.LineTooLong(file, longLine, settings.MaxEvidenceLineBytes);
        }

        var digest = spool.Digest;
        var reader = new ResultsReader(file, target == "baseline") { MaxCases = settings.MaxEvidenceCases };
        await using (var input = spool.Content())
        {
            reader.Read(input, cancellationToken);
        }

        if (reader.Errors.Count > 0)
        {
            return Problems.Invalid(ProblemCodes.InvalidResults, "results", reader.Errors);
        }

        var lines = reader.Candidate.Suites.Values.Sum(s => s.Lines) + reader.Baseline.Suites.Values.Sum(s => s.Lines);
        if (lines == 0)
        {
            return Problems.BadField("body", "the upload holds no result line; send one JSON object a line, such as {\"suite\":\"s\",\"case\":\"c\",\"pass\":true}.");
        }

        var source = (target == "baseline" ? ReleaseLifecycle.BaselineSource : "") + file;
        try
        {
            return await StoreWrites.RunAsync<Results<Ok<EvidenceStoredV1>, Created<EvidenceStoredV1>, ProblemHttpResult>>(store, async tx =>
            {
                // The release's row first, as every writer that decides on it takes it (a vote, a review verdict, a ship).
                var current = await tx.LockReleaseAsync(id, cancellationToken);
                if (current is null || Views.Closed(current))
                {
                    return (Problems.Closed(release.Workflow, release.Version, ReleaseStates.Word(current?.State ?? release.State)), false);
                }

                var stored = await tx.AddEvidenceRunAsync(new NewEvidenceRun(id, digest, source, caller.User), Lines(spool, file, cancellationToken), cancellationToken);
                if (!stored.Created)
                {
                    var latest = await tx.GetLatestDecisionAsync(id, cancellationToken);
                    return (TypedResults.Ok(new EvidenceStoredV1(stored.Run.Id, digest, stored.Run.LineCount, false, Views.Release(context, current, latest?.DecisionJson))), false);
                }

                await tx.AppendLedgerAsync(new NewLedgerEntry(caller.User, LedgerEvents.EvidenceAdded, ReleaseLifecycle.Subject(current), new JsonObject
                {
                    ["run"] = stored.Run.Id,
                    ["digest"] = digest,
                    ["source"] = source,
                    ["lines"] = stored.Run.LineCount,
                }), cancellationToken);
                var (outcome, updated, changed) = await lifecycle.RecordAsync(tx, current, caller.User, $"evidence {digest} was added", cancellationToken);
                metrics.EvidenceStored(stored.Run.LineCount);
                if (changed)
                {
                    metrics.DecisionChanged(DecisionJson.Word(outcome.Verdict));
                }

                var view = Views.Release(context, updated, outcome.ToJson(updated.Id));
                return (TypedResults.Created(view.Link, new EvidenceStoredV1(stored.Run.Id, digest, stored.Run.LineCount, true, view)), true);
            }, cancellationToken);
        }
        catch (EvidenceRefusedException refused)
        {
            // Thrown while the lines were stored: the transaction was rolled back, so nothing was written.
            return Problems.Invalid(ProblemCodes.InvalidResults, "results", [refused.Error]);
        }
    }

    /// <summary>
    /// The spooled upload's lines as storage records, read back one at a time by the same reader that checked them; a value
    /// the store cannot hold as uploaded refuses the upload (<see cref="EvidenceRefusedException"/>).
    /// </summary>
    private static async IAsyncEnumerable<EvidenceLine> Lines(EvidenceSpool spool, string file, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var reader = new ResultsReader(file, allBaseline: false);
        foreach (var (number, utf8) in spool.Lines())
        {
            cancellationToken.ThrowIfCancellationRequested();
            var errors = reader.ErrorCount;
            if (reader.ReadRecord(utf8.Span, number) is not { } fields)
            {
                // A blank line is skipped; any other was checked before the transaction and is refused here only if a value
                // cannot be kept as uploaded.
                if (reader.ErrorCount == errors)
                {
                    continue;
                }

                throw new EvidenceRefusedException(reader.Errors[^1]);
            }

            var location = new SourceLocation(file, (int)Math.Min(number, int.MaxValue), 0);
            if ((Identifiers.Text(fields.Suite, "suite", MaxIdLength, location) ?? Identifiers.Text(fields.Case, "case", MaxIdLength, location)) is { } unsafeId)
            {
                throw new EvidenceRefusedException(unsafeId);
            }

            yield return new EvidenceLine(
                number, fields.Suite, fields.Case, fields.Repeat, fields.Target, fields.Pass, fields.Error, fields.Score, fields.LatencyMs, fields.Cost, Strict.GetString(utf8.Span));
        }
    }
}
