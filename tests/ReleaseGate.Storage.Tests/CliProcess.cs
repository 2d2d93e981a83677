using System.Diagnostics;

namespace ReleaseGate.Storage.Tests;

/// <summary>Runs the real <c>releasegate</c> executable as a child process.</summary>
internal static class CliProcess
{
    public sealed record Outcome(int ExitCode, string Stdout, string Stderr);

    public static ProcessStartInfo StartInfo(params string[] args)
    {
        // RELEASEGATE_TEST_CLI names a published executable (the Native AOT build) to test instead of the build next to the tests.
        var published = Environment.GetEnvironmentVariable("RELEASEGATE_TEST_CLI");
        var start = new ProcessStartInfo(string.IsNullOrEmpty(published) ? "dotnet" : published)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (string.IsNullOrEmpty(published))
        {
            start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "releasegate.dll"));
        }

        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["NO_COLOR"] = "1";
        start.Environment.Remove(GateStore.EnvironmentVariable);
        return start;
    }

    public static async Task<Outcome> RunAsync(TimeSpan timeout, params string[] args)
    {
        using var process = Process.Start(StartInfo(args))!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"releasegate {string.Join(' ', args)} did not finish in {timeout}");
        }

        return new Outcome(process.ExitCode, await stdout, await stderr);
    }

    public static Task<Outcome> RunAsync(params string[] args) => RunAsync(TimeSpan.FromSeconds(120), args);
}
