using ReleaseGate.Core.Diagnostics;
using Xunit;

namespace ReleaseGate.Storage.Tests;

public abstract partial class GateStoreContract
{
    [StoreFact]
    public async Task Reopening_a_current_database_migrates_nothing_and_keeps_the_data()
    {
        var release = await SeedReleaseAsync();
        await using var again = await OpenAsync();
        Assert.Equal(release, await again.GetReleaseAsync(release.Id));
        Assert.Equal(1, await ExecuteRawAsync("UPDATE releasegate_schema SET name = name WHERE version = 1"));
    }

    /// <summary>How many migrations this build carries for the database under test (both dialects carry the same number).</summary>
    protected static int MigrationCount =>
        typeof(GateStore).Assembly.GetManifestResourceNames().Count(n => n.StartsWith("ReleaseGate.Storage.Migrations.Sqlite.", StringComparison.Ordinal));

    [StoreFact]
    public async Task Instances_opening_at_once_all_succeed_and_apply_each_migration_once()
    {
        await Store.DisposeAsync();
        await DropDatabaseAsync();
        await CreateDatabaseAsync();
        var stores = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => OpenAsync())));
        Store = stores[0];
        foreach (var extra in stores.Skip(1))
        {
            await extra.DisposeAsync();
        }

        Assert.Equal(MigrationCount, await ExecuteRawAsync("UPDATE releasegate_schema SET name = name"));
        await SeedReleaseAsync();
    }

    [StoreFact]
    public async Task A_database_newer_than_the_code_is_refused_with_its_code()
    {
        await ExecuteRawAsync("INSERT INTO releasegate_schema (version, name, applied_at) VALUES (99, 'from-the-future', '2030-01-01')");
        var error = await Assert.ThrowsAsync<GateStoreException>(() => OpenAsync());
        Assert.Equal(ErrorCodes.StoreSchemaTooNew, error.Code);
        Assert.Contains("schema version 99", error.Message, StringComparison.Ordinal);
        Assert.Contains("Upgrade ReleaseGate", error.Message, StringComparison.Ordinal);
    }

    [StoreFact]
    public async Task A_database_behind_the_code_is_refused_when_migrations_are_off()
    {
        await ExecuteRawAsync("DELETE FROM releasegate_schema");
        var error = await Assert.ThrowsAsync<GateStoreException>(() => OpenAsync(migrate: false));
        Assert.Equal(ErrorCodes.StoreMigrationFailed, error.Code);
    }
}
