using System.CommandLine;
using System.Text.RegularExpressions;
using Xunit;

namespace ReleaseGate.Cli.Tests;

/// <summary>Invariants of the real command tree (issue 22): one meaning for each short option, documented in docs/cli.md.</summary>
public sealed partial class CommandTreeTests
{
    /// <summary>Every option of every command, with the command path it belongs to.</summary>
    private static IEnumerable<(string Path, Option Option)> Options(Command command, string path)
    {
        foreach (var option in command.Options)
        {
            yield return (path, option);
        }

        foreach (var sub in command.Subcommands)
        {
            foreach (var item in Options(sub, path + " " + sub.Name))
            {
                yield return item;
            }
        }
    }

    /// <summary>Short alias → the long names it stands for, and where.</summary>
    private static Dictionary<string, Dictionary<string, List<string>>> ShortAliases()
    {
        var map = new Dictionary<string, Dictionary<string, List<string>>>(StringComparer.Ordinal);
        foreach (var (path, option) in Options(CliRoot.Create(), "releasegate"))
        {
            foreach (var alias in option.Aliases.Append(option.Name).Where(IsShort))
            {
                var longs = map.TryGetValue(alias, out var l) ? l : map[alias] = new(StringComparer.Ordinal);
                (longs.TryGetValue(option.Name, out var paths) ? paths : longs[option.Name] = []).Add(path);
            }
        }

        return map;
    }

    private static bool IsShort(string alias) => alias.Length == 2 && alias[0] == '-' && alias[1] != '-';

    [Fact]
    public void A_short_option_means_one_long_option_in_every_command()
    {
        var clashes = ShortAliases()
            .Where(a => a.Value.Count > 1)
            .Select(a => $"{a.Key} means " + string.Join(" and ", a.Value.Select(l => $"{l.Key} (in {string.Join(", ", l.Value)})")))
            .ToList();

        Assert.True(clashes.Count == 0, string.Join('\n', clashes));
    }

    [Fact]
    public void R_names_the_release_everywhere()
    {
        var r = ShortAliases()["-r"];

        Assert.Equal(["--release"], r.Keys);
        Assert.Contains("releasegate check", r["--release"]);
        Assert.Contains("releasegate submit", r["--release"]);
        Assert.Contains("releasegate status", r["--release"]);
    }

    [Fact]
    public void The_short_option_table_in_docs_cli_md_matches_the_command_tree()
    {
        var doc = File.ReadAllText(Path.Combine(CliProcess.RepositoryRoot(), "docs", "cli.md"));
        var table = TableRow().Matches(doc).ToDictionary(m => m.Groups["short"].Value, m => m.Groups["long"].Value, StringComparer.Ordinal);
        var tree = ShortAliases()
            .Where(a => a.Key is not ("-h" or "-?"))
            .ToDictionary(a => a.Key, a => a.Value.Keys.Single(), StringComparer.Ordinal);

        Assert.Equal(tree.OrderBy(p => p.Key, StringComparer.Ordinal), table.OrderBy(p => p.Key, StringComparer.Ordinal));
    }

    [Fact]
    public void Every_verb_documented_in_docs_cli_md_exists()
    {
        var doc = File.ReadAllText(Path.Combine(CliProcess.RepositoryRoot(), "docs", "cli.md"));
        var root = CliRoot.Create();
        var missing = root.Subcommands.Select(c => c.Name).Where(name => !doc.Contains($"`releasegate {name}", StringComparison.Ordinal)).ToList();

        Assert.True(missing.Count == 0, "docs/cli.md does not name: " + string.Join(", ", missing));
    }

    // | `-r` | `--release` | ... |
    [GeneratedRegex(@"^\| `(?<short>-[a-z?])` \| `(?<long>--[a-z-]+)` \|", RegexOptions.Multiline)]
    private static partial Regex TableRow();
}
