using ReleaseGate.Storage;

namespace ReleaseGate.Server.Lifecycle;

/// <summary>Runs a unit of work in one store transaction, retrying it from the start when a concurrent writer won.</summary>
internal static class StoreWrites
{
    private const int Attempts = 20;

    /// <summary>
    /// Runs <paramref name="work"/> in a transaction and commits when it says so. On a <see cref="ConcurrencyConflictException"/>
    /// the transaction is discarded and the work runs again on fresh reads; a duplicate key that came from a race is then
    /// answered by the work's own checks (for example "already approved").
    /// </summary>
    public static async Task<T> RunAsync<T>(IGateStore store, Func<IGateTransaction, Task<(T Result, bool Commit)>> work, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await using var tx = await store.BeginAsync(cancellationToken);
                var (result, commit) = await work(tx);
                if (commit)
                {
                    await tx.CommitAsync(cancellationToken);
                }

                return result;
            }
            catch (ConcurrencyConflictException) when (attempt < Attempts)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(1, 10 * attempt)), cancellationToken);
            }
        }
    }
}
