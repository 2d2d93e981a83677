using System.Buffers.Binary;
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
                var (expected, verifiedSeq, verifiedHash) = Reference(rows);
                var actual = Verify(rows, [.. c.splits.Select(s => Math.Min(s, rows.Count)).Order()]);
                Assert.Equal(expected?.Seq, actual.FirstBreak?.Seq);
                Assert.Equal(expected?.Kind, actual.FirstBreak?.Kind);

                // Intact: everything read; broken: the entries before the break, and the head reported is the last of them.
                Assert.Equal(expected is null ? rows.Count : expected.Seq - 1, actual.EntriesChecked);
                Assert.Equal((verifiedSeq, verifiedHash), (actual.HeadSeq, actual.HeadHash));
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
    public void A_malformed_hash_on_the_first_row_of_a_segment_reports_the_row_before_it_as_the_last_verified()
    {
        // Found by the property test above (seed ev1TxkNVLrL1): the segment's first batch does not know the row before
        // it, and reported the genesis as the last entry that verified.
        var rows = Chain(71);
        rows[48] = rows[48] with { Hash = rows[48].Hash[..40] };
        var result = Verify(rows, [15, 48]);
        Assert.Equal((49L, LedgerBreakKind.HashMismatch), (result.FirstBreak!.Seq, result.FirstBreak.Kind));
        Assert.Equal((48L, 48L, rows[47].Hash), (result.EntriesChecked, result.HeadSeq, result.HeadHash));
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
    public void The_ledger_sha256_agrees_with_dotnet_on_both_paths_for_every_length()
    {
        // One hasher per sample: CsCheck runs samples on several threads, and a hasher is not thread-safe. Lengths up to
        // 40,000 cross the size above which even the direct path hashes through .NET.
        Gen.Select(Gen.Byte.Array[0, 1_000], Gen.Byte.Array[0, 40_000], Gen.Bool).Sample(
            (small, large, managedOnly) =>
            {
                using var sha = new LedgerSha256(managedOnly);
                var digest = new byte[32];
                foreach (var data in (byte[][])[small, large, small])
                {
                    sha.Hash(data, digest);
                    Assert.Equal(Convert.ToHexString(SHA256.HashData(data)), Convert.ToHexString(digest));
                }
            },
            iter: 200);
    }

    [Fact]
    public async Task A_binary_copy_arriving_a_few_bytes_at_a_time_is_parsed_whole()
    {
        // PostgreSQL's path: rows straddle reads, and one row of 1.5 MB outgrows the 1 MB buffer.
        var rows = Chain(3_000, bigAt: 1_500);
        var chain = new LedgerChain();
        using (var copy = new TrickleStream(BinaryCopy(rows), seed: 7))
        {
            ReleaseGate.Storage.Postgres.PostgresLedgerWalk.ReadRows(copy, chain.Start(), CancellationToken.None);
        }

        var result = chain.Result(await chain.FinishAsync(CancellationToken.None));
        Assert.Null(result.FirstBreak);
        Assert.Equal((3_000L, rows[^1].Hash), (result.EntriesChecked, result.HeadHash));
    }

    [Fact]
    public void PostgreSQL_times_are_written_as_the_canonical_encoding_writes_them()
    {
        var epoch = new DateTime(2000, 1, 1, 0, 0, 0, DateTimeKind.Utc).Ticks;
        Gen.Long[-63_082_281_600_000_000L, 252_455_615_999_999_999L].Sample(
            microseconds =>
            {
                var buffer = new byte[32];
                var length = ReleaseGate.Storage.Postgres.PostgresLedgerWalk.FormatTime(microseconds, buffer);
                var expected = LedgerHash.FormatTime(new DateTimeOffset(epoch + (microseconds * 10), TimeSpan.Zero));
                Assert.Equal(expected, Encoding.ASCII.GetString(buffer, 0, length));
            },
            iter: 2_000);
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

    /// <summary>
    /// The rules read in one piece, in order: sequence, previous hash, hash form, hash. Returns the first break and the last
    /// entry before it (the last entry when there is none).
    /// </summary>
    private static (LedgerBreak? Break, long VerifiedSeq, string VerifiedHash) Reference(IReadOnlyList<Row> rows)
    {
        long lastSeq = 0;
        var lastHash = LedgerHash.Genesis;
        foreach (var row in rows)
        {
            if (row.Seq != lastSeq + 1)
            {
                return (new LedgerBreak(lastSeq + 1, LedgerBreakKind.SequenceGap, ""), lastSeq, lastHash);
            }

            if (row.Prev != lastHash)
            {
                return (new LedgerBreak(row.Seq, LedgerBreakKind.ChainMismatch, ""), lastSeq, lastHash);
            }

            if (row.Hash != Hash(row with { Hash = "" }))
            {
                return (new LedgerBreak(row.Seq, LedgerBreakKind.HashMismatch, ""), lastSeq, lastHash);
            }

            (lastSeq, lastHash) = (row.Seq, row.Hash);
        }

        return (null, lastSeq, lastHash);
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

    private static List<Row> Chain(int count, string actor = "alice", string subject = "release:", int bigAt = -1)
    {
        var rows = new List<Row>(count);
        var prev = LedgerHash.Genesis;
        for (var seq = 1L; seq <= count; seq++)
        {
            var row = new Row(seq, LedgerHash.FormatTime(Start.AddTicks(seq * 1_234_560)), actor, "test.event",
                subject + seq.ToString(CultureInfo.InvariantCulture),
                seq == bigAt ? "{\"big\":\"" + new string('x', 1_500_000) + "\"}" : "{\"n\":" + seq.ToString(CultureInfo.InvariantCulture) + "}", prev, "");
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

    /// <summary>The rows as PostgreSQL's binary COPY writes them: header, rows of eight fields, trailer.</summary>
    private static byte[] BinaryCopy(IEnumerable<Row> rows)
    {
        var epoch = new DateTime(2000, 1, 1, 0, 0, 0, DateTimeKind.Utc).Ticks;
        using var stream = new MemoryStream();
        using var writer = new BinaryWriter(stream);
        writer.Write("PGCOPY\n"u8);
        writer.Write([0xFF, (byte)'\r', (byte)'\n', 0]);
        writer.Write(0);
        writer.Write(0);
        foreach (var row in rows)
        {
            writer.Write(BinaryPrimitives.ReverseEndianness((short)8));
            Field(BitConverter.GetBytes(BinaryPrimitives.ReverseEndianness(row.Seq)));
            var time = DateTimeOffset.ParseExact(row.Time, LedgerHash.TimeFormat, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
            Field(BitConverter.GetBytes(BinaryPrimitives.ReverseEndianness((time.UtcTicks - epoch) / 10)));
            foreach (var text in (string[])[row.Actor, row.Type, row.Subject, row.Payload, row.Prev, row.Hash])
            {
                Field(U(text));
            }
        }

        writer.Write(BinaryPrimitives.ReverseEndianness((short)-1));
        writer.Flush();
        return stream.ToArray();

        void Field(byte[] bytes)
        {
            writer.Write(BinaryPrimitives.ReverseEndianness(bytes.Length));
            writer.Write(bytes);
        }
    }

    /// <summary>A stream that returns 1 to 7 bytes per read, as a network may.</summary>
    private sealed class TrickleStream(byte[] data, int seed) : MemoryStream(data)
    {
        private readonly Random _random = new(seed);

        public override int Read(Span<byte> buffer) => base.Read(buffer[..Math.Min(buffer.Length, _random.Next(1, 8))]);
    }

    private sealed record Row(long Seq, string Time, string Actor, string Type, string Subject, string Payload, string Prev, string Hash);
}
