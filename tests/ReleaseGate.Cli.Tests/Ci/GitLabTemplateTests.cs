using ReleaseGate.Cli.Tests.Install;
using Xunit;
using YamlDotNet.RepresentationModel;

namespace ReleaseGate.Cli.Tests.Ci;

/// <summary>
/// The GitLab CI template (ci/gitlab/releasegate.gitlab-ci.yml): its job's script, taken from the file and run by bash as
/// a GitLab runner runs it, with the template's variables, decides the example and leaves the JUnit report where the
/// template's artifacts:reports:junit looks for it.
/// </summary>
public class GitLabTemplateTests
{
    [Fact]
    public void The_template_job_blocks_the_example_and_writes_its_JUnit_report()
    {
        var root = CliProcess.RepositoryRoot();
        var yaml = new YamlStream();
        using (var reader = new StreamReader(Path.Combine(root, "ci", "gitlab", "releasegate.gitlab-ci.yml")))
        {
            yaml.Load(reader);
        }

        var job = (YamlMappingNode)((YamlMappingNode)yaml.Documents[0].RootNode)[".releasegate"];
        var variables = ((YamlMappingNode)job["variables"]).Children.ToDictionary(v => ((YamlScalarNode)v.Key).Value!, v => ((YamlScalarNode)v.Value).Value);
        var script = string.Join('\n', ((YamlSequenceNode)job["script"]).Children.Select(line => ((YamlScalarNode)line).Value));
        var report = (YamlScalarNode)((YamlMappingNode)((YamlMappingNode)job["artifacts"])["reports"])["junit"];
        Assert.Equal("$RELEASEGATE_JUNIT", report.Value);

        using var temp = new TempFolder();
        var project = Path.Combine(temp.Path, "project");
        foreach (var file in Directory.EnumerateFiles(Path.Combine(root, "examples", "support-agent"), "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(project, Path.GetRelativePath(Path.Combine(root, "examples", "support-agent"), file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }

        // The runner's image has the command already, so the template skips the install (which would need nuget.org).
        var command = Shell.ReleaseGateCommand();
        var shim = temp.Write("bin/releasegate", $"#!/bin/sh\nexec {string.Join(' ', command.Select(w => $"'{w}'"))} \"$@\"\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(shim, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        var environment = variables.ToDictionary(v => v.Key, v => (string?)v.Value);
        environment["RELEASEGATE_RESULTS"] = "results/support-core.jsonl results/regressions.jsonl";
        environment["RELEASEGATE_RELEASE"] = "releases/candidate.yaml";
        environment["RELEASEGATE_BASELINE_RELEASE"] = "releases/baseline.yaml";
        environment["CI_PROJECT_DIR"] = project;
        environment["PATH"] = Path.GetDirectoryName(shim) + ":" + Environment.GetEnvironmentVariable("PATH");

        // GitLab runs a job's script lines in one bash with errexit and pipefail.
        var run = Shell.Run("bash", ["-eo", "pipefail", "-c", script], project, TimeSpan.FromMinutes(2), environment);

        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Contains("BLOCKED: 2 checks fail", run.Stdout, StringComparison.Ordinal);
        var junit = File.ReadAllText(Path.Combine(project, variables["RELEASEGATE_JUNIT"]!));
        Assert.Contains("<testcase", junit, StringComparison.Ordinal);
        Assert.Contains("<failure", junit, StringComparison.Ordinal);
        Assert.Contains("BLOCKED", File.ReadAllText(Path.Combine(project, "releasegate.md")), StringComparison.Ordinal);
    }
}
