using System.Text.RegularExpressions;
using System.Xml.Linq;
using Xunit;

namespace ReleaseGate.Cli.Tests.Ci;

/// <summary>
/// The version is set once, in Directory.Build.props; the CI integrations install that version by default and the docs
/// name it, so a release that bumps it and forgets one of them fails here.
/// </summary>
public class VersionTests
{
    [Fact]
    public void The_action_the_GitLab_template_and_the_docs_install_the_version_the_build_sets()
    {
        var root = CliProcess.RepositoryRoot();
        var version = XDocument.Load(Path.Combine(root, "Directory.Build.props")).Descendants("Version").Single().Value;
        Assert.Matches(@"^[0-9]+\.[0-9]+\.[0-9]+", version);

        var action = File.ReadAllText(Path.Combine(root, "action.yml"));
        Assert.Equal(version, Regex.Match(action, @"\n  version:\n(?:    .*\n)*?    default: (\S+)\n").Groups[1].Value);
        var gitlab = File.ReadAllText(Path.Combine(root, "ci", "gitlab", "releasegate.gitlab-ci.yml"));
        Assert.Equal(version, Regex.Match(gitlab, @"RELEASEGATE_VERSION: ""([^""]+)""").Groups[1].Value);

        foreach (var doc in new[] { "docs/ci.md", "README.md" })
        {
            var text = File.ReadAllText(Path.Combine(root, doc));
            var named = Regex.Matches(text, @"(?:--version |releasegate-|ReleaseGate\.|ref: v|@v)([0-9]+\.[0-9]+\.[0-9]+)").Select(m => m.Groups[1].Value).Distinct().ToList();
            Assert.NotEmpty(named);
            Assert.All(named, v => Assert.Equal(version, v));
        }
    }
}
