using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using CsCheck;
using ReleaseGate.Storage.Sql;
using Xunit;

namespace ReleaseGate.Storage.Tests;

/// <summary>
/// The chain checker reads a ledger in batches hashed on several threads and, for a large ledger, as segments read
/// concurrently and joined at the end. Whatever the split, it must name the same first break as a plain walk of the rows in
/// one piece, written here as the reference.
/// </summary>
public sealed class LedgerChainTests
{
    private static readonly DateTimeOffset Start = new(2026, 5, 1, 0, 0, 0, TimeSpan.Zero);

    private enum Tamper
    {
        None,
        PayloadByte,
        Delete,
        Swap,
        ForgePrev,
        RehashChanged,
        TruncateHash,
        DropTail,
    }

    [Fact]
    public void Any_split_into_segments_names_the_same_first_break_as_a_walk_in_one_piece()
    {
        var gen =
            from count in Gen.Int[0, 9_000]
            from tamper in Gen.Enum<Tamper>()
            from at in Gen.Int[0, Math.Max(0, count - 1)]
            from splits in Gen.Int[0, Math.Max(0, count)].Array[0, 3]
            select (count, tamper, at, splits);

        gen.Sample(
            c =>
            {
                var rows = Tampered(Chain(c.count), c.tamper, c.at);
                var expected = Reference(rows);
                var actual = Verify(rows, [.. c.splits.Select(s => Math.Min(s, rows.Count)).Order()]);
                Assert.Equal(expected?.Seq, actual.FirstBreak?.Seq);
                Assert.Equal(expected?.Kind, actual.FirstBreak?.Kind);
                if (expected is null)
                {
                    Assert.Equal(rows.Count, actual.EntriesChecked);
                    Assert.Equal(rows.Count == 0 ? LedgerHash.Genesis : rows[^1].Hash, actual.HeadHash);
                }
            },
            iter: 60,
            seed: null);
    }

    [Theory]
    [InlineData(4096)]
    [InlineData(4097)]
    [InlineData(8192)]
    public void A_break_on_the_first_row_of_a_segment_is_a_chain_break_before_a_hash_mismatch(int boundary)
    {
        // The row where two segments meet: its prev is checked when they are joined, its hash inside its batch.
        var rows = Chain(10_000);
        rows[boundary] = rows[boundary] with { Prev = "sha256:" + new string('e', 64), Payload = "{\"changed\":true}" };
        var result = Verify(rows, [boundary]);
        Assert.Equal((boundary + 1L, LedgerBreakKind.ChainMismatch), (result.FirstBreak!.Seq, result.FirstBreak.Kind));
        Assert.Equal(boundary, result.EntriesChecked);
    }

    [Fact]
    public void A_missing_entry_where_two_segments_meet_is_named()
    {
        var rows = Chain(9_000);
        rows.RemoveAt(5_000);
        var result = Verify(rows, [5_000]);
        Assert.Equal((5_001L, LedgerBreakKind.SequenceGap), (result.FirstBreak!.Seq, result.FirstBreak.Kind));
    }

    [Fact]
    public void Strings_that_need_escaping_hash_as_the_canonical_encoding_writes_them()
    {
        var rows = Chain(50, actor: "a \"quoted\" \\ name\u0001", subject: "thing:\u00e9\n");
        Assert.True(Verify(rows, [20]).IsIntact);
    }

    [Fact]
    public void The_direct_sha256_agrees_with_dotnet_for_every_length()
    {
        // One hasher per sample: CsCheck runs samples on several threads, and a hasher is not thread-safe.
        Gen.Byte.Array[0, 1_000].Sample(
            data =>
            {
                using var sha = new LedgerSha256();
                var digest = new byte[32];
                sha.Hash(data, digest);
                sha.Hash(data, digest);
                Assert.Equal(Convert.ToHexString(SHA256.HashData(data)), Convert.ToHexString(digest));
            },
            iter: 500);
    }

    private static LedgerVerification Verify(IReadOnlyList<Row> rows, int[] splits)
    {
        var chain = new LedgerChain();
        var bounds = splits.Prepend(0).Append(rows.Count).ToArray();
        var segments = Enumerable.Range(0, bounds.Length - 1).Select(_ => chain.Start()).ToArray();

        // Each segment fed on its own thread, as the store's readers do; a segment stops when Add says the rest cannot matter.
        Task.WaitAll([.. segments.Select((segment, i) => Task.Run(() =>
        {
            for (var r = bounds[i]; r < bounds[i + 1]; r++)
            {
                var row = rows[r];
                if (!segment.Add(row.Seq, U(row.Time), U(row.Actor), U(row.Type), U(row.Subject), U(row.Payload), U(row.Prev), U(row.Hash)))
                {
                    break;
                }
            }
        }))]);
        var broken = chain.FinishAsync(CancellationToken.None).GetAwaiter().GetResult();
        return chain.Result(broken);
    }

    /// <summary>The rules read in one piece, in order: sequence, previous hash, hash form, hash.</summary>
    private static LedgerBreak? Reference(IReadOnlyList<Row> rows)
    {
        long lastSeq = 0;
        var lastHash = LedgerHash.Genesis;
        foreach (var row in rows)
        {
            if (row.Seq != lastSeq + 1)
            {
                return new LedgerBreak(lastSeq + 1, LedgerBreakKind.SequenceGap, "");
            }

            if (row.Prev != lastHash)
            {
                return new LedgerBreak(row.Seq, LedgerBreakKind.ChainMismatch, "");
            }

            if (row.Hash != Hash(row with { Hash = "" }))
            {
                return new LedgerBreak(row.Seq, LedgerBreakKind.HashMismatch, "");
            }

            (lastSeq, lastHash) = (row.Seq, row.Hash);
        }

        return null;
    }

    private static List<Row> Tampered(List<Row> rows, Tamper tamper, int at)
    {
        if (rows.Count == 0)
        {
            return rows;
        }

        switch (tamper)
        {
            case Tamper.PayloadByte:
                rows[at] = rows[at] with { Payload = rows[at].Payload.Replace("\"n\":", "\"m\":", StringComparison.Ordinal) };
                break;
            case Tamper.Delete:
                rows.RemoveAt(at);
                break;
            case Tamper.Swap when at + 1 < rows.Count:
                (rows[at], rows[at + 1]) = (rows[at + 1], rows[at]);
                break;
            case Tamper.ForgePrev:
                rows[at] = rows[at] with { Prev = "sha256:" + new string('0', 63) + "1" };
                break;
            case Tamper.RehashChanged:
                var changed = rows[at] with { Actor = "mallory" };
                rows[at] = changed with { Hash = Hash(changed) };
                break;
            case Tamper.TruncateHash:
                rows[at] = rows[at] with { Hash = rows[at].Hash[..40] };
                break;
            case Tamper.DropTail:
                rows.RemoveRange(at, rows.Count - at);
                break;
        }

        return rows;
    }

    private static List<Row> Chain(int count, string actor = "alice", string subject = "release:")
    {
        var rows = new List<Row>(count);
        var prev = LedgerHash.Genesis;
        for (var seq = 1L; seq <= count; seq++)
        {
            var row = new Row(seq, LedgerHash.FormatTime(Start.AddTicks(seq * 1_234_560)), actor, "test.event",
                subject + seq.ToString(CultureInfo.InvariantCulture), "{\"n\":" + seq.ToString(CultureInfo.InvariantCulture) + "}", prev, "");
            row = row with { Hash = Hash(row) };
            rows.Add(row);
            prev = row.Hash;
        }

        return rows;
    }

    private static string Hash(Row row) => LedgerHash.Compute(row.Seq,
        DateTimeOffset.ParseExact(row.Time, LedgerHash.TimeFormat, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal),
        row.Actor, row.Type, row.Subject, row.Payload, row.Prev);

    private static byte[] U(string text) => Encoding.UTF8.GetBytes(text);

    private sealed record Row(long Seq, string Time, string Actor, string Type, string Subject, string Payload, string Prev, string Hash);
}
