using System.Diagnostics;

namespace ReleaseGate.Cli.Tests;

/// <summary>Runs the real <c>releasegate</c> executable as a child process.</summary>
internal static class CliProcess
{
    public sealed record Outcome(int ExitCode, string Stdout, string Stderr);

    /// <summary>
    /// Starts <c>releasegate ARGS</c>: the build next to the tests (<c>dotnet releasegate.dll</c>), or the executable named by
    /// <c>RELEASEGATE_TEST_CLI</c> (the Native AOT publish, which CI tests this way). Output is redirected, input is not.
    /// </summary>
    public static ProcessStartInfo StartInfo(string? workingDirectory, params IEnumerable<string> args)
    {
        var published = Environment.GetEnvironmentVariable("RELEASEGATE_TEST_CLI");
        var start = new ProcessStartInfo(string.IsNullOrEmpty(published) ? "dotnet" : published)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (workingDirectory is not null)
        {
            start.WorkingDirectory = workingDirectory;
        }

        if (string.IsNullOrEmpty(published))
        {
            start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "releasegate.dll"));
        }

        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["NO_COLOR"] = "1";
        return start;
    }

    public static Outcome Run(string workingDirectory, string? stdin, params string[] args)
    {
        var start = StartInfo(workingDirectory, args);
        start.RedirectStandardInput = true;
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (stdin is not null)
        {
            process.StandardInput.Write(stdin);
        }

        process.StandardInput.Close();
        if (!process.WaitForExit(TimeSpan.FromSeconds(60)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"releasegate {string.Join(' ', args)} did not finish in 60 s");
        }

        return new Outcome(process.ExitCode, stdout.Result, stderr.Result);
    }

    /// <summary>The repository root, found by walking up to ReleaseGate.slnx.</summary>
    public static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "ReleaseGate.slnx")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("ReleaseGate.slnx not found above " + AppContext.BaseDirectory);
    }
}
