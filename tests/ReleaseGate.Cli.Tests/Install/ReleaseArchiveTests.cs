using System.Runtime.InteropServices;
using Xunit;

namespace ReleaseGate.Cli.Tests.Install;

/// <summary>
/// The release archive eng/release.sh builds (CI passes it in <c>RELEASEGATE_TEST_ARCHIVE</c>), unpacked into an empty
/// folder far from the repository: it holds the executable, LICENSE and README.md and nothing else (no debug symbols, no
/// SQLite library beside it on Linux), and that executable alone decides the example and keeps a SQLite database.
/// </summary>
public class ReleaseArchiveTests
{
    private const string ArchiveVariable = "RELEASEGATE_TEST_ARCHIVE";

    [InstallFact(ArchiveVariable)]
    public void The_release_archive_runs_the_example_from_an_empty_folder()
    {
        var archive = Environment.GetEnvironmentVariable(ArchiveVariable);
        Assert.False(string.IsNullOrEmpty(archive), $"{ArchiveVariable} is not set: .ci/run builds the archive with eng/release.sh and sets it");
        using var temp = new TempFolder();
        var unpack = Shell.Run("tar", ["-xzf", archive!, "-C", temp.Path], temp.Path, TimeSpan.FromMinutes(1));
        Assert.True(unpack.ExitCode == 0, unpack.ToString());

        var folder = Assert.Single(Directory.GetDirectories(temp.Path));
        Assert.StartsWith("releasegate-", Path.GetFileName(folder), StringComparison.Ordinal);
        Assert.EndsWith("-" + RuntimeInformation.RuntimeIdentifier, Path.GetFileName(folder), StringComparison.Ordinal);
        var files = Directory.GetFileSystemEntries(folder).Select(f => Path.GetFileName(f)).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(["LICENSE", "README.md", "releasegate"], files);
        Assert.Contains("Apache License", File.ReadAllText(Path.Combine(folder, "LICENSE")), StringComparison.Ordinal);

        // The example copied beside it, so that nothing of the repository (nor its build) is within reach.
        var example = Path.Combine(temp.Path, "example");
        CopyFolder(Path.Combine(CliProcess.RepositoryRoot(), "examples", "support-agent"), example);
        var releasegate = Path.Combine(folder, "releasegate");
        var check = Shell.Run(
            releasegate,
            [
                "check",
                "--gate", "gate.yaml",
                "--results", "results/support-core.jsonl", "results/regressions.jsonl",
                "--release", "releases/candidate.yaml",
                "--baseline-release", "releases/baseline.yaml",
            ],
            example,
            TimeSpan.FromMinutes(1));
        Assert.True(check.ExitCode == 1, check.ToString());
        Assert.Contains("BLOCKED: 2 checks fail", check.Stdout, StringComparison.Ordinal);

        // SQLite is inside the executable: a fresh database is created, written and read back.
        var bootstrap = Shell.Run(releasegate, ["user", "bootstrap", "--db", "releasegate.db", "--name", "alice"], example, TimeSpan.FromMinutes(1));
        Assert.True(bootstrap.ExitCode == 0, bootstrap.ToString());
        Assert.Contains("rg_", bootstrap.Stdout, StringComparison.Ordinal);
        var verify = Shell.Run(releasegate, ["audit", "verify", "--db", "releasegate.db"], example, TimeSpan.FromMinutes(1));
        Assert.True(verify.ExitCode == 0, verify.ToString());
    }

    private static void CopyFolder(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }
}
