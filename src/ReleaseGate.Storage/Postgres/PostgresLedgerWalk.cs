using System.Buffers.Binary;
using System.Data;
using System.Runtime.CompilerServices;
using Npgsql;
using ReleaseGate.Storage.Sql;

namespace ReleaseGate.Storage.Postgres;

/// <summary>
/// Reads the whole ledger for <c>audit verify</c> as one binary <c>COPY … TO STDOUT</c> and parses the rows in place: text columns
/// arrive as their UTF-8 bytes and are handed to the chain without becoming strings; <c>time</c> arrives as microseconds since
/// 2000-01-01 UTC and is written in the canonical encoding's format. Ledger and head are read in one REPEATABLE READ transaction:
/// one snapshot, so an append committing during the walk cannot look like a cut-off tail.
/// </summary>
internal static class PostgresLedgerWalk
{
    private const int Columns = 8;
    private const int TimeLength = 27;

    // PostgreSQL's epoch, 2000-01-01T00:00:00Z, in .NET ticks.
    private static readonly long EpochTicks = new DateTime(2000, 1, 1, 0, 0, 0, DateTimeKind.Utc).Ticks;

    // "PGCOPY\n\377\r\n\0": not a u8 literal, whose \xff would be UTF-8's two bytes.
    private static ReadOnlySpan<byte> Signature => [(byte)'P', (byte)'G', (byte)'C', (byte)'O', (byte)'P', (byte)'Y', (byte)'\n', 0xFF, (byte)'\r', (byte)'\n', 0];

    /// <summary>Walks every ledger row into <paramref name="chain"/> and returns the head record's sequence number and hash.</summary>
    /// <remarks>
    /// Synchronous, for a thread of its own: the COPY arrives as one message per row (a million reads for a million entries),
    /// and a synchronous read spares each an asynchronous state machine; and the reader blocks while batches are in flight,
    /// which must not hold a thread-pool thread. After a break the rest of the COPY is still received (disposing the stream drains it): a cost only
    /// a broken ledger pays.
    /// </remarks>
    public static (long? Seq, string? Hash) Walk(NpgsqlConnection connection, LedgerChain chain, CancellationToken cancellationToken)
    {
        using var snapshot = connection.BeginTransaction(IsolationLevel.RepeatableRead);
        using (var copy = connection.BeginRawBinaryCopy(
            "COPY (SELECT seq, time, actor, type, subject, payload, prev_hash, hash FROM ledger ORDER BY seq) TO STDOUT (FORMAT BINARY)"))
        {
            ReadRows(copy, chain.Start(), cancellationToken);
        }

        using var head = new NpgsqlCommand("SELECT seq, hash FROM ledger_head WHERE id = 1", connection, snapshot);
        using var reader = head.ExecuteReader();
        return reader.Read() ? (reader.GetInt64(0), reader.GetString(1)) : (null, null);
    }

    /// <summary>Parses a binary COPY of the ledger's eight columns from <paramref name="copy"/> into <paramref name="segment"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void ReadRows(Stream copy, LedgerChain.Segment segment, CancellationToken cancellationToken)
    {
        var buffer = new byte[1 << 20];
        var length = 0;
        var at = 0;
        var headerRead = false;
        while (true)
        {
            // Move the unparsed tail to the front and fill the rest; grow when one row does not fit.
            if (at > 0)
            {
                buffer.AsSpan(at, length - at).CopyTo(buffer);
                length -= at;
                at = 0;
            }

            if (length == buffer.Length)
            {
                Array.Resize(ref buffer, buffer.Length * 2);
            }

            var read = copy.Read(buffer.AsSpan(length));
            if (read == 0)
            {
                throw new InvalidDataException("the ledger COPY stream ended before its trailer");
            }

            length += read;
            if (!headerRead)
            {
                if (!TryReadHeader(buffer.AsSpan(0, length), out var headerLength))
                {
                    continue;
                }

                at = headerLength;
                headerRead = true;
            }

            if (ParseRows(buffer.AsSpan(0, length), ref at, segment) != Parse.More)
            {
                // The trailer, or a break before this row: rows after it cannot change the answer.
                return;
            }

            cancellationToken.ThrowIfCancellationRequested();
        }
    }

    private static bool TryReadHeader(ReadOnlySpan<byte> data, out int length)
    {
        length = 0;
        if (data.Length < Signature.Length + 8)
        {
            return false;
        }

        if (!data.StartsWith(Signature))
        {
            throw new InvalidDataException("the ledger COPY stream does not start with the binary COPY signature");
        }

        var extension = BinaryPrimitives.ReadInt32BigEndian(data[(Signature.Length + 4)..]);
        length = Signature.Length + 8 + extension;
        return data.Length >= length;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static Parse ParseRows(ReadOnlySpan<byte> data, ref int at, LedgerChain.Segment segment)
    {
        Span<byte> time = stackalloc byte[TimeLength];
        Span<Range> fields = stackalloc Range[Columns];
        while (true)
        {
            var row = data[at..];
            if (row.Length < 2)
            {
                return Parse.More;
            }

            var count = BinaryPrimitives.ReadInt16BigEndian(row);
            if (count == -1)
            {
                return Parse.End;
            }

            if (count != Columns)
            {
                throw new InvalidDataException($"a ledger COPY row has {count} columns, expected {Columns}");
            }

            var offset = 2;
            for (var i = 0; i < Columns; i++)
            {
                if (row.Length < offset + 4)
                {
                    return Parse.More;
                }

                var size = BinaryPrimitives.ReadInt32BigEndian(row[offset..]);
                offset += 4;
                if (size < 0)
                {
                    throw new InvalidDataException("a ledger COPY row has a NULL column; every ledger column is NOT NULL");
                }

                if (row.Length < offset + size)
                {
                    return Parse.More;
                }

                fields[i] = new Range(offset, offset + size);
                offset += size;
            }

            var seq = BinaryPrimitives.ReadInt64BigEndian(row[fields[0]]);
            var timeLength = FormatTime(BinaryPrimitives.ReadInt64BigEndian(row[fields[1]]), time);
            at += offset;
            if (!segment.Add(seq, time[..timeLength], row[fields[2]], row[fields[3]], row[fields[4]], row[fields[5]], row[fields[6]], row[fields[7]]))
            {
                return Parse.Stop;
            }
        }
    }

    /// <summary>Writes a timestamptz (microseconds since 2000-01-01 UTC) as <see cref="LedgerHash.TimeFormat"/> does.</summary>
    internal static int FormatTime(long microseconds, Span<byte> into)
    {
        // ±infinity and anything outside DateTime's range cannot be a time ReleaseGate wrote: the text then fails the hash check.
        if (microseconds is < -63_082_281_600_000_000L or > 252_455_615_999_999_999L)
        {
            "out-of-range"u8.CopyTo(into);
            return "out-of-range".Length;
        }

        var ticks = EpochTicks + (microseconds * 10);
        var value = new DateTime(ticks, DateTimeKind.Utc);
        value.Deconstruct(out int year, out int month, out int day);
        var inDay = (ticks % TimeSpan.TicksPerDay) / 10;
        var fraction = (int)(inDay % 1_000_000);
        var seconds = (int)(inDay / 1_000_000);
        Digits(into[..4], year);
        into[4] = (byte)'-';
        Digits(into.Slice(5, 2), month);
        into[7] = (byte)'-';
        Digits(into.Slice(8, 2), day);
        into[10] = (byte)'T';
        Digits(into.Slice(11, 2), seconds / 3600);
        into[13] = (byte)':';
        Digits(into.Slice(14, 2), seconds / 60 % 60);
        into[16] = (byte)':';
        Digits(into.Slice(17, 2), seconds % 60);
        into[19] = (byte)'.';
        Digits(into.Slice(20, 6), fraction);
        into[26] = (byte)'Z';
        return TimeLength;
    }

    private static void Digits(Span<byte> into, int value)
    {
        for (var i = into.Length - 1; i >= 0; i--)
        {
            into[i] = (byte)('0' + (value % 10));
            value /= 10;
        }
    }

    private enum Parse
    {
        More,
        End,
        Stop,
    }
}
