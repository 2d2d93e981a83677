using ReleaseGate.Core.Evidence;
using ReleaseGate.Core.Model;

namespace ReleaseGate.Core.Decisions;

/// <summary>The cases of one suite on one target, aggregated, sorted by id; with the suite file's cases when known.</summary>
internal sealed class SuiteView
{
    private SuiteView(string name, List<CaseView> cases, int extra, bool hasResults)
    {
        Name = name;
        Cases = cases;
        Extra = extra;
        HasResults = hasResults;
    }

    public string Name { get; }

    /// <summary>Every case, including missing ones, sorted by id.</summary>
    public List<CaseView> Cases { get; }

    /// <summary>Cases with results that the suite file does not list.</summary>
    public int Extra { get; }

    public bool HasResults { get; }

    /// <summary>The cases of each slice, in id order; built once, since every slice rule asks for it.</summary>
    public IReadOnlyDictionary<string, List<CaseView>> BySlice => _bySlice ??= IndexSlices();

    private Dictionary<string, List<CaseView>>? _bySlice;

    /// <summary>The cases of one slice (none when no case carries it).</summary>
    public List<CaseView> InSlice(string slice) => BySlice.TryGetValue(slice, out var cases) ? cases : [];

    private Dictionary<string, List<CaseView>> IndexSlices()
    {
        var index = new Dictionary<string, List<CaseView>>(StringComparer.Ordinal);
        foreach (var c in Cases)
        {
            foreach (var slice in c.Slices)
            {
                if (!index.TryGetValue(slice, out var list))
                {
                    list = [];
                    index[slice] = list;
                }

                list.Add(c);
            }
        }

        return index;
    }

    /// <summary>
    /// This view with only the cases <paramref name="keep"/> keeps; cases with results the file does not list stay counted
    /// as such. It has results when a kept case has one, or when <paramref name="nothingRequired"/> (no case had to run).
    /// </summary>
    public SuiteView Where(Func<CaseView, bool> keep, bool nothingRequired)
    {
        var kept = Cases.Where(keep).ToList();
        return new(Name, kept, Extra, nothingRequired || kept.Any(c => c.Outcome != CaseOutcome.Missing));
    }

    public static SuiteView Build(string name, SuiteEvidence? evidence, RepeatsRule rule, Suite? file, IReadOnlyDictionary<string, HumanVerdict>? verdicts = null)
    {
        var definitions = file?.Cases.ToDictionary(c => c.Id, StringComparer.Ordinal);
        var cases = new List<CaseView>();
        var extra = 0;
        if (evidence is not null)
        {
            foreach (var (id, e) in evidence.Cases)
            {
                SuiteCase? definition = null;
                if (definitions is not null && !definitions.TryGetValue(id, out definition))
                {
                    extra++;
                }

                var view = CaseView.From(e, rule, definition);
                cases.Add(verdicts is not null && verdicts.TryGetValue(id, out var verdict) ? view.With(verdict) : view);
            }
        }

        if (file is not null)
        {
            cases.AddRange(file.Cases.Where(c => evidence is null || !evidence.Cases.ContainsKey(c.Id)).Select(CaseView.Missing));
        }

        cases.Sort((a, b) => string.CompareOrdinal(a.Id, b.Id));
        return new SuiteView(name, cases, extra, evidence is { Cases.Count: > 0 });
    }
}
