// Writes N chained entries into the ledger of a ReleaseGate database (SQLite file or PostgreSQL connection string), for the
// audit-verify benchmark. The schema comes from the store itself (GateStore.OpenAsync migrates); entries are hashed with the
// product's LedgerHash and written in bulk (a prepared statement on SQLite, binary COPY on PostgreSQL), then the head is set.
//
//     dotnet run bench/audit-verify/seed.cs -- DATABASE COUNT
#:project ../../src/ReleaseGate.Storage/ReleaseGate.Storage.csproj
#:property GenerateDocumentationFile=true
#:property NoWarn=CS1591
#:property PublishAot=false

using System.Globalization;
using Microsoft.Data.Sqlite;
using Npgsql;
using NpgsqlTypes;
using ReleaseGate.Storage;

var database = args[0];
var count = long.Parse(args[1], CultureInfo.InvariantCulture);
await using (var store = await GateStore.OpenAsync(new GateStoreOptions { Database = database }))
{
    if (await store.GetLedgerHeadAsync() is not null)
    {
        Console.Error.WriteLine("the ledger is not empty; seed a fresh database");
        return 2;
    }
}

var start = new DateTimeOffset(2026, 5, 1, 0, 0, 0, TimeSpan.Zero);
// Types that carry no table state: audit verify's state check (docs/storage.md) finds nothing here to compare with the tables.
var types = new[] { "evidence.added", "gate.registered", "user.added", "group.added", "token.created" };
IEnumerable<(long Seq, DateTimeOffset Time, string Actor, string Type, string Subject, string Payload, string Prev, string Hash)> Entries()
{
    var prev = LedgerHash.Genesis;
    for (long seq = 1; seq <= count; seq++)
    {
        var time = start.AddTicks(seq * 1_234_560);
        var actor = "user" + (seq % 37).ToString(CultureInfo.InvariantCulture);
        var type = types[seq % types.Length];
        var subject = "release:" + (seq / 10).ToString(CultureInfo.InvariantCulture);
        var payload = string.Create(CultureInfo.InvariantCulture,
            $"{{\"digest\":\"sha256:{seq:x64}\",\"lines\":{seq % 100_000},\"verdict\":\"{(seq % 3 == 0 ? "blocked" : "approved")}\",\"workflow\":\"support-agent\"}}");
        var hash = LedgerHash.Compute(seq, time, actor, type, subject, payload, prev);
        yield return (seq, time, actor, type, subject, payload, prev, hash);
        prev = hash;
    }
}

string last = LedgerHash.Genesis;
if (GateStore.IsPostgres(database))
{
    await using var connection = new NpgsqlConnection(database);
    await connection.OpenAsync();
    await using var tx = await connection.BeginTransactionAsync();
    await using (var writer = await connection.BeginBinaryImportAsync("COPY ledger (seq, time, actor, type, subject, payload, prev_hash, hash) FROM STDIN (FORMAT BINARY)"))
    {
        foreach (var e in Entries())
        {
            writer.StartRow();
            writer.Write(e.Seq, NpgsqlDbType.Bigint);
            writer.Write(e.Time, NpgsqlDbType.TimestampTz);
            writer.Write(e.Actor, NpgsqlDbType.Text);
            writer.Write(e.Type, NpgsqlDbType.Text);
            writer.Write(e.Subject, NpgsqlDbType.Text);
            writer.Write(e.Payload, NpgsqlDbType.Text);
            writer.Write(e.Prev, NpgsqlDbType.Text);
            writer.Write(e.Hash, NpgsqlDbType.Text);
            last = e.Hash;
        }

        await writer.CompleteAsync();
    }

    await using (var head = new NpgsqlCommand("UPDATE ledger_head SET seq = @s, hash = @h WHERE id = 1", connection, tx))
    {
        head.Parameters.AddWithValue("s", count);
        head.Parameters.AddWithValue("h", last);
        await head.ExecuteNonQueryAsync();
    }

    await tx.CommitAsync();
}
else
{
    await using var connection = new SqliteConnection($"Data Source={database}");
    await connection.OpenAsync();
    await using var tx = connection.BeginTransaction();
    await using var insert = connection.CreateCommand();
    insert.CommandText = "INSERT INTO ledger (seq, time, actor, type, subject, payload, prev_hash, hash) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)";
    var p = Enumerable.Range(1, 8).Select(i => insert.Parameters.Add("$" + i.ToString(CultureInfo.InvariantCulture), SqliteType.Text)).ToArray();
    insert.Prepare();
    foreach (var e in Entries())
    {
        p[0].Value = e.Seq;
        p[1].Value = LedgerHash.FormatTime(e.Time);
        p[2].Value = e.Actor;
        p[3].Value = e.Type;
        p[4].Value = e.Subject;
        p[5].Value = e.Payload;
        p[6].Value = e.Prev;
        p[7].Value = e.Hash;
        insert.ExecuteNonQuery();
        last = e.Hash;
    }

    await using var head = connection.CreateCommand();
    head.CommandText = "UPDATE ledger_head SET seq = $s, hash = $h WHERE id = 1";
    head.Parameters.AddWithValue("$s", count);
    head.Parameters.AddWithValue("$h", last);
    await head.ExecuteNonQueryAsync();
    await tx.CommitAsync();
}

Console.Error.WriteLine($"seeded {count} ledger entries; head {last}");
return 0;
