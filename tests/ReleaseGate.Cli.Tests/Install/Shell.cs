using System.Diagnostics;

namespace ReleaseGate.Cli.Tests.Install;

/// <summary>Runs a program other than releasegate (dotnet, bash, tar, an installed command) as a child process.</summary>
internal static class Shell
{
    public sealed record Outcome(int ExitCode, string Stdout, string Stderr)
    {
        public override string ToString() => $"exit {ExitCode}\nstdout:\n{Stdout}\nstderr:\n{Stderr}";
    }

    /// <summary>
    /// Runs <paramref name="program"/> with <paramref name="args"/> in <paramref name="workingDirectory"/>, with the given
    /// environment changes (a null value removes the variable), and kills it after <paramref name="timeout"/>.
    /// </summary>
    public static Outcome Run(string program, IEnumerable<string> args, string workingDirectory, TimeSpan timeout, IReadOnlyDictionary<string, string?>? environment = null)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
        };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        // dotnet test runs the tests with MSBuild's own variables set; a nested dotnet pack must find its SDK afresh.
        foreach (var name in new[] { "MSBuildExtensionsPath", "MSBuildSDKsPath", "MSBUILD_EXE_PATH", "MSBuildLoadMicrosoftTargetsReadOnly" })
        {
            start.Environment.Remove(name);
        }

        start.Environment["NO_COLOR"] = "1";
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        foreach (var (name, value) in environment ?? new Dictionary<string, string?>())
        {
            if (value is null)
            {
                start.Environment.Remove(name);
            }
            else
            {
                start.Environment[name] = value;
            }
        }

        using var process = Process.Start(start)!;
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} {string.Join(' ', args)} did not finish in {timeout}");
        }

        return new Outcome(process.ExitCode, stdout.Result, stderr.Result);
    }

    /// <summary>
    /// The releasegate command line the tests run: the executable in <c>RELEASEGATE_TEST_CLI</c> (CI: the release build), or
    /// the JIT build next to the tests through dotnet.
    /// </summary>
    public static string[] ReleaseGateCommand()
    {
        var published = Environment.GetEnvironmentVariable("RELEASEGATE_TEST_CLI");
        return string.IsNullOrEmpty(published)
            ? ["dotnet", Path.Combine(AppContext.BaseDirectory, "releasegate.dll")]
            : [published];
    }
}
