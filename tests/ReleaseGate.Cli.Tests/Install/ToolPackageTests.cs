using Xunit;

namespace ReleaseGate.Cli.Tests.Install;

/// <summary>
/// <c>dotnet tool install -g ReleaseGate</c>, as a user would run it, from a local feed: eng/pack.sh packs the build under
/// test, dotnet installs it into a tool folder, and the installed command decides the README's example.
/// </summary>
public class ToolPackageTests
{
#if DEBUG
    private const string Configuration = "Debug";
#else
    private const string Configuration = "Release";
#endif

    [InstallFact]
    public void The_tool_package_installs_from_a_local_feed_and_blocks_the_example()
    {
        var root = CliProcess.RepositoryRoot();
        using var temp = new TempFolder();
        var feed = Path.Combine(temp.Path, "feed");

        // The build the tests run on, packed as it is (eng/test.sh built it a moment ago).
        var pack = Shell.Run("bash", ["eng/pack.sh", feed, "-c", Configuration, "--no-build", "--no-restore", "--disable-build-servers"], root, TimeSpan.FromMinutes(3));
        Assert.True(pack.ExitCode == 0, pack.ToString());
        var package = pack.Stdout.Trim();
        Assert.True(File.Exists(package), $"eng/pack.sh printed {package}, which does not exist");
        var version = Path.GetFileNameWithoutExtension(package)["ReleaseGate.".Length..];

        // Only the local feed, and a packages folder of its own: no network, and never an older copy of the same version.
        var config = temp.Write("nuget.config", $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
                <add key="local" value="{feed}" />
              </packageSources>
            </configuration>
            """);
        var tools = Path.Combine(temp.Path, "tools");
        var install = Shell.Run(
            "dotnet",
            ["tool", "install", "--tool-path", tools, "--configfile", config, "--add-source", feed, "ReleaseGate", "--version", version],
            temp.Path,
            TimeSpan.FromMinutes(2),
            new Dictionary<string, string?> { ["NUGET_PACKAGES"] = Path.Combine(temp.Path, "packages") });
        Assert.True(install.ExitCode == 0, install.ToString());

        var check = Shell.Run(
            Path.Combine(tools, "releasegate"),
            [
                "check",
                "--gate", "examples/support-agent/gate.yaml",
                "--results", "examples/support-agent/results/support-core.jsonl", "examples/support-agent/results/regressions.jsonl",
                "--release", "examples/support-agent/releases/candidate.yaml",
                "--baseline-release", "examples/support-agent/releases/baseline.yaml",
            ],
            root,
            TimeSpan.FromMinutes(1));
        Assert.True(check.ExitCode == 1, check.ToString());
        Assert.Contains("BLOCKED: 2 checks fail", check.Stdout, StringComparison.Ordinal);
    }
}
