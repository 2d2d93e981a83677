using System.Diagnostics;

namespace ReleaseGate.Cli.Tests;

/// <summary>Runs the real <c>releasegate</c> executable as a child process.</summary>
internal static class CliProcess
{
    public sealed record Outcome(int ExitCode, string Stdout, string Stderr);

    public static Outcome Run(string workingDirectory, string? stdin, params string[] args)
    {
        var start = StartInfo(workingDirectory);
        start.RedirectStandardInput = true;
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["NO_COLOR"] = "1";
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

    /// <summary>
    /// Starts <c>releasegate</c> with its output redirected: the executable named by <c>RELEASEGATE_TEST_CLI</c> when set
    /// (a published build, such as the Native AOT one), else <c>dotnet releasegate.dll</c> from the test's output.
    /// </summary>
    public static ProcessStartInfo StartInfo(string workingDirectory)
    {
        var published = Environment.GetEnvironmentVariable("RELEASEGATE_TEST_CLI");
        var start = new ProcessStartInfo(string.IsNullOrEmpty(published) ? "dotnet" : published)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (string.IsNullOrEmpty(published))
        {
            start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "releasegate.dll"));
        }

        return start;
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
