using System.Data.Common;
using System.Text;

namespace ReleaseGate.Storage.Sql;

/// <summary>
/// Walks the ledger through ADO.NET (the PostgreSQL path; SQLite reads raw rows, <c>SqliteGateStore</c>), inside one
/// snapshot so that an append committing during the walk cannot look like a cut-off tail.
/// </summary>
internal static class LedgerVerifier
{
    public static async Task<LedgerVerification> VerifyAsync(SqlGateStore store, DbConnection connection, DbTransaction snapshot, CancellationToken cancellationToken)
    {
        var chain = new LedgerChain();
        var buffer = new byte[4096];
        using (var command = connection.CreateCommand())
        {
            command.Transaction = snapshot;
            command.CommandText = $"SELECT {Rows.LedgerColumns} FROM ledger ORDER BY seq";
            var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    var broken = Next(chain, reader, store.LedgerTimeText(reader, 1), ref buffer);
                    if (broken is not null)
                    {
                        return chain.Result(await chain.FinishAsync(broken, cancellationToken).ConfigureAwait(false));
                    }
                }
            }
        }

        if (await chain.FinishAsync(null, cancellationToken).ConfigureAwait(false) is { } hashBreak)
        {
            return chain.Result(hashBreak);
        }

        using var head = connection.CreateCommand();
        head.Transaction = snapshot;
        head.CommandText = "SELECT seq, hash FROM ledger_head WHERE id = 1";
        var headReader = await head.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using (headReader.ConfigureAwait(false))
        {
            return await headReader.ReadAsync(cancellationToken).ConfigureAwait(false)
                ? chain.Result(chain.Head(headReader.GetInt64(0), headReader.GetString(1)))
                : chain.Result(chain.Head(null, null));
        }
    }

    private static LedgerBreak? Next(LedgerChain chain, DbDataReader reader, string time, ref byte[] buffer)
    {
        // Encode the row's text columns once into one buffer and hand the chain spans of it.
        string actor = reader.GetString(2), type = reader.GetString(3), subject = reader.GetString(4), payload = reader.GetString(5),
            prev = reader.GetString(6), hash = reader.GetString(7);
        var max = Encoding.UTF8.GetMaxByteCount(time.Length + actor.Length + type.Length + subject.Length + payload.Length + prev.Length + hash.Length);
        if (max > buffer.Length)
        {
            buffer = new byte[max];
        }

        var span = buffer.AsSpan();
        var at = 0;
        ReadOnlySpan<byte> Take(string text, Span<byte> into, ref int offset)
        {
            var n = Encoding.UTF8.GetBytes(text, into[offset..]);
            var slice = into.Slice(offset, n);
            offset += n;
            return slice;
        }

        return chain.Next(reader.GetInt64(0), Take(time, span, ref at), Take(actor, span, ref at), Take(type, span, ref at), Take(subject, span, ref at),
            Take(payload, span, ref at), Take(prev, span, ref at), Take(hash, span, ref at));
    }
}
