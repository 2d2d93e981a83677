using System.Text;
using System.Text.Json.Nodes;
using YamlDotNet.RepresentationModel;

namespace ReleaseGate.Core.Tests.Decisions;

/// <summary>
/// Expands the compact forms of case files into the text the real parsers read: result lines (JSONL) and suite files.
/// </summary>
internal static class CaseGenerators
{
    private static readonly string[] s_resultKeys = ["suite", "cases", "case", "pass", "error", "runs", "prefix", "start", "slices", "severity", "target"];
    private static readonly string[] s_suiteCaseKeys = ["cases", "prefix", "start", "slices", "severity"];

    /// <summary>
    /// Renders a <c>results</c> or <c>baseline</c> list as JSONL. Each item is one of:
    /// a string (JSONL text, used as written); a generator, a mapping with <c>cases</c> or <c>runs</c>; or any other
    /// mapping, written as one JSON line.
    /// </summary>
    public static string ResultLines(YamlNode? node, string key)
    {
        var text = new StringBuilder();
        foreach (var item in CaseYaml.Items(node, key))
        {
            switch (item)
            {
                case YamlScalarNode s:
                    text.Append(s.Value).Append('\n');
                    break;
                case YamlMappingNode m when CaseYaml.Has(m, "cases") || CaseYaml.Has(m, "runs"):
                    Generate(m, text);
                    break;
                default:
                    text.Append(CaseYaml.ToJsonText(item)).Append('\n');
                    break;
            }
        }

        return text.ToString();
    }

    /// <summary>
    /// A generator: <c>{suite, cases: N, pass: P, error: E, prefix: c, start: 0}</c> gives cases c0..c(N-1), of which
    /// the first P pass, the next E error and the rest fail (P defaults to N, E to 0). With <c>runs: PPF</c> each case
    /// gets one result per letter instead (P pass, F fail, E error); <c>case: id</c> names a single case.
    /// <c>slices</c>, <c>severity</c> and <c>target</c> are copied to every line.
    /// </summary>
    private static void Generate(YamlMappingNode m, StringBuilder text)
    {
        CaseYaml.AllowKeys(m, "a result generator", s_resultKeys);
        var suite = CaseYaml.Text(m, "suite") ?? throw CaseYaml.Bad(m, "a result generator needs 'suite'");
        var single = CaseYaml.Text(m, "case");
        if (single is not null && CaseYaml.Has(m, "cases"))
        {
            throw CaseYaml.Bad(m, "a result generator takes 'case' (one id) or 'cases' (a count), not both");
        }

        var count = single is null ? CaseYaml.Integer(m, "cases") ?? throw CaseYaml.Bad(m, "a generator needs 'cases' or 'case'") : 1;
        var passing = CaseYaml.Integer(m, "pass") ?? count;
        var erroring = CaseYaml.Integer(m, "error") ?? 0;
        var runs = CaseYaml.Text(m, "runs");
        if (passing + erroring > count || (runs is not null && (CaseYaml.Has(m, "pass") || CaseYaml.Has(m, "error"))))
        {
            throw CaseYaml.Bad(m, "'pass' + 'error' must not exceed 'cases', and 'runs' replaces both");
        }

        var prefix = CaseYaml.Text(m, "prefix") ?? "c";
        var start = CaseYaml.Integer(m, "start") ?? 0;
        for (var i = 0; i < count; i++)
        {
            var id = single ?? $"{prefix}{start + i}";
            var outcomes = runs ?? (i < passing ? "P" : i < passing + erroring ? "E" : "F");
            for (var repeat = 0; repeat < outcomes.Length; repeat++)
            {
                var line = new JsonObject { ["suite"] = suite, ["case"] = id, ["repeat"] = repeat };
                switch (outcomes[repeat])
                {
                    case 'P':
                        line["pass"] = true;
                        break;
                    case 'F':
                        line["pass"] = false;
                        break;
                    case 'E':
                        line["pass"] = null;
                        line["error"] = "the target timed out";
                        break;
                    default:
                        throw CaseYaml.Bad(m, "'runs' letters are P (pass), F (fail) and E (error)");
                }

                Copy(m, line, "slices", "severity", "target");
                text.Append(line.ToJsonString()).Append('\n');
            }
        }
    }

    /// <summary>
    /// Renders a suite file: the value is either the file's text, or a list of cases, each a literal case mapping
    /// (<c>{id, slices, severity}</c>) or a generator <c>{cases: N, prefix, start, slices, severity}</c>.
    /// </summary>
    public static string SuiteText(string name, YamlNode node)
    {
        if (node is YamlScalarNode text)
        {
            return text.Value ?? "";
        }

        var suite = new StringBuilder($"apiVersion: releasegate/v1\nkind: Suite\nname: {name}\ncases:\n");
        foreach (var item in CaseYaml.Items(node, $"suite_files.{name}"))
        {
            if (item is YamlMappingNode m && CaseYaml.Has(m, "cases"))
            {
                CaseYaml.AllowKeys(m, "a suite case generator", s_suiteCaseKeys);
                var count = CaseYaml.Integer(m, "cases")!.Value;
                var prefix = CaseYaml.Text(m, "prefix") ?? "c";
                var start = CaseYaml.Integer(m, "start") ?? 0;
                for (var i = 0; i < count; i++)
                {
                    var c = new JsonObject { ["id"] = $"{prefix}{start + i}" };
                    Copy(m, c, "slices", "severity");
                    suite.Append("  - ").Append(c.ToJsonString()).Append('\n');
                }
            }
            else
            {
                suite.Append("  - ").Append(CaseYaml.ToJsonText(item)).Append('\n');
            }
        }

        return suite.ToString();
    }

    /// <summary>Renders a waivers file: its text, or a list of waiver mappings.</summary>
    public static string WaiversText(YamlNode node) => node is YamlScalarNode text
        ? text.Value ?? ""
        : "apiVersion: releasegate/v1\nkind: Waivers\nwaivers:\n"
            + string.Concat(CaseYaml.Items(node, "waivers").Select(w => $"  - {CaseYaml.ToJsonText(w)}\n"));

    private static void Copy(YamlMappingNode from, JsonObject to, params string[] keys)
    {
        foreach (var key in keys)
        {
            if (CaseYaml.Get(from, key) is { } value)
            {
                to[key] = CaseYaml.ToJson(value);
            }
        }
    }
}
