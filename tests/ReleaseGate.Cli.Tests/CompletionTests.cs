using System.Diagnostics;
using System.Text.RegularExpressions;
using Xunit;

namespace ReleaseGate.Cli.Tests;

/// <summary>Issue 22: the bash completion function docs/cli.md gives completes verbs, options and words with the real command.</summary>
public sealed partial class CompletionTests : IDisposable
{
    private readonly TempFolder _dir = new();

    public void Dispose() => _dir.Dispose();

    /// <summary>The first <c>```bash</c> block of the "Shell completion" section, as a user would copy it.</summary>
    private static string DocumentedFunction()
    {
        var doc = File.ReadAllText(Path.Combine(CliProcess.RepositoryRoot(), "docs", "cli.md"));
        var section = doc[doc.IndexOf("## Shell completion", StringComparison.Ordinal)..];
        return BashBlock().Match(section).Groups["code"].Value;
    }

    /// <summary>Runs the documented function in bash as the shell would on Tab at the end of <paramref name="line"/>.</summary>
    private string Complete(string line)
    {
        // 'releasegate' on PATH is the command under test (the published executable in CI, else the build next to the tests).
        var start = CliProcess.StartInfo(null);
        var invoke = string.Join(' ', new[] { start.FileName }.Concat(start.ArgumentList).Select(Quote));
        var script = $$"""
            releasegate() { {{invoke}} "$@"; }
            {{DocumentedFunction()}}
            COMP_LINE={{Quote(line)}}
            COMP_POINT=${#COMP_LINE}
            read -ra COMP_WORDS <<<"$COMP_LINE"
            [[ "$COMP_LINE" == *" " ]] && COMP_WORDS+=("")
            COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
            _releasegate_complete
            printf '%s\n' "${COMPREPLY[@]}"
            """;
        var file = _dir.Write("complete.bash", script);
        var bash = new ProcessStartInfo("bash", [file]) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        using var process = Process.Start(bash)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        Assert.True(process.WaitForExit(TimeSpan.FromSeconds(60)), "bash did not finish");
        Assert.True(process.ExitCode == 0, stderr.Result);
        return string.Join(' ', stdout.Result.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    private static string Quote(string s) => "'" + s.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    [Theory]
    [InlineData("releasegate ch", "check")]
    [InlineData("releasegate check --fo", "--format")]
    [InlineData("releasegate check --format ", "json junit markdown text")]
    [InlineData("releasegate check --format j", "json junit")]
    [InlineData("releasegate eval run --pro", "--progress")]
    [InlineData("releasegate status --rel", "--release")]
    public void The_documented_bash_function_completes_verbs_options_and_words(string line, string expected)
    {
        var words = Complete(line).Split(' ', StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal);

        Assert.Equal(expected, string.Join(' ', words));
    }

    [GeneratedRegex(@"```bash\n(?<code>.*?)```", RegexOptions.Singleline)]
    private static partial Regex BashBlock();
}
