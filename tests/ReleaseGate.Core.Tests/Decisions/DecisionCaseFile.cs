using System.Collections.Concurrent;
using YamlDotNet.RepresentationModel;

namespace ReleaseGate.Core.Tests.Decisions;

/// <summary>
/// Reads <c>tests/cases/*.yaml</c> (copied next to the test assembly, under <c>cases/</c>). A file holds
/// <c>cases</c> and optional <c>defaults</c>: keys every case gets unless it sets them itself.
/// </summary>
internal static class DecisionCaseFile
{
    public static readonly string[] CaseKeys =
    [
        "name", "skip", "gate", "results", "baseline", "suite_files", "release", "baseline_release", "waivers", "policy_engine", "now", "votes", "submitter", "shipped", "review_items", "review_verdicts", "bank_as_of", "findings", "escalations", "expect",
    ];

    private static readonly ConcurrentDictionary<string, IReadOnlyList<YamlMappingNode>> s_loaded = new(StringComparer.Ordinal);

    public static string Folder => Path.Combine(AppContext.BaseDirectory, "cases");

    public static IReadOnlyList<string> Names() =>
        Directory.GetFiles(Folder, "*.yaml").Select(f => Path.GetFileName(f)).Order(StringComparer.Ordinal).ToList();

    /// <summary>The cases of one file, with the file's defaults applied.</summary>
    public static IReadOnlyList<YamlMappingNode> Load(string name) => s_loaded.GetOrAdd(name, Read);

    /// <summary>
    /// Every case of every file. Set <c>RELEASEGATE_RUN_SKIPPED_CASES=1</c> to run the skipped ones too, for example to
    /// check that a bug fix makes them pass.
    /// </summary>
    public static IEnumerable<DecisionCaseRef> All()
    {
        var runSkipped = Environment.GetEnvironmentVariable("RELEASEGATE_RUN_SKIPPED_CASES") == "1";
        return Names().SelectMany(file => Load(file).Select((c, i) =>
            new DecisionCaseRef(file, i, CaseYaml.Text(c, "name")!, runSkipped ? null : CaseYaml.Text(c, "skip"))));
    }

    private static List<YamlMappingNode> Read(string name)
    {
        var path = Path.Combine(Folder, name);
        var root = CaseYaml.LoadMapping(File.ReadAllText(path), name);
        CaseYaml.AllowKeys(root, name, "defaults", "cases");
        var defaults = CaseYaml.Mapping(root, "defaults") ?? new YamlMappingNode();
        CaseYaml.AllowKeys(defaults, $"{name} defaults", CaseKeys);
        var cases = new List<YamlMappingNode>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in CaseYaml.Items(CaseYaml.Get(root, "cases"), "cases"))
        {
            var spec = item as YamlMappingNode ?? throw CaseYaml.Bad(item, "each case must be a mapping");
            CaseYaml.AllowKeys(spec, "a case", CaseKeys);
            var caseName = CaseYaml.Text(spec, "name") ?? throw CaseYaml.Bad(spec, "every case needs a 'name'");
            if (!names.Add(caseName))
            {
                throw CaseYaml.Bad(spec, $"{name} has two cases named '{caseName}'");
            }

            var merged = new YamlMappingNode();
            foreach (var (key, value) in CaseYaml.Entries(spec))
            {
                merged.Add(key, value);
            }

            foreach (var (key, value) in CaseYaml.Entries(defaults).Where(d => !CaseYaml.Has(spec, d.Key)))
            {
                merged.Add(key, value);
            }

            cases.Add(merged);
        }

        return cases;
    }
}
