using System.Globalization;
using System.Text.Json.Nodes;

namespace ReleaseGate.Server.Ui;

/// <summary>
/// The protected slices of a decision drawn as an SVG chart: for each slice of each suite, the candidate's and the
/// baseline's pass rates as bars, the slice's minimum as a dashed line, and the paired regressed/improved counts. A table
/// with the same figures follows it for those who do not see the chart.
/// </summary>
internal static class SliceChart
{
    /// <summary>One slice's figures.</summary>
    public sealed record Slice(string Suite, string Name, double? Candidate, double? Baseline, double? Minimum, int? Regressed, int? Improved, bool Failing);

    private const int Width = 680;
    private const int LabelWidth = 130;
    private const int BarArea = 360;
    private const int RowHeight = 46;

    /// <summary>The slices of <paramref name="decision"/>, from its slice pass-rate and no-regression checks.</summary>
    public static IReadOnlyList<Slice> Slices(DecisionView decision)
    {
        ArgumentNullException.ThrowIfNull(decision);
        var slices = new Dictionary<(string, string), Slice>();
        foreach (var check in decision.Checks)
        {
            var parts = check.Id.Split('/');
            if (parts is not ["evals", var suite, "slice", var name, var kind])
            {
                continue;
            }

            var slice = slices.GetValueOrDefault((suite, name)) ?? new Slice(suite, name, null, null, null, null, null, false);
            var m = check.Measured;
            slice = kind switch
            {
                "pass-rate" => slice with
                {
                    Candidate = slice.Candidate ?? Number(m?["pass_rate"]),
                    Minimum = Number(check.Threshold?["min_pass_rate"]),
                },
                "no-regression" => slice with
                {
                    Candidate = Number(m?["candidate_pass_rate"]) ?? slice.Candidate,
                    Baseline = Number(m?["baseline_pass_rate"]),
                    Regressed = (int?)Number(m?["regressed"]),
                    Improved = (int?)Number(m?["improved"]),
                },
                _ => slice,
            };
            slices[(suite, name)] = slice with { Failing = slice.Failing || check.Status is "fail" or "error" };
        }

        return slices.Values.ToList();
    }

    /// <summary>Writes the chart and its table; nothing when the decision has no slices.</summary>
    public static void Write(Html html, IReadOnlyList<Slice> slices)
    {
        ArgumentNullException.ThrowIfNull(html);
        ArgumentNullException.ThrowIfNull(slices);
        foreach (var suite in slices.GroupBy(s => s.Suite))
        {
            var rows = suite.ToList();
            var height = 28 + (rows.Count * RowHeight);
            var id = $"slices-{suite.Key}";
            html.Open("figure", ("class", "slices"));
            html.Open("svg", ("class", "chart"), ("viewBox", $"0 0 {Width} {height}"), ("role", "img"), ("aria-labelledby", $"{id}-title"), ("data-suite", suite.Key));
            html.Tag("title", $"{suite.Key}: pass rate per slice, candidate against baseline", ("id", $"{id}-title"));
            for (var tick = 0; tick <= 100; tick += 25)
            {
                var x = Format(LabelWidth + (BarArea * tick / 100.0));
                html.Void("line", ("class", "axis"), ("x1", x), ("x2", x), ("y1", "18"), ("y2", Format(height))).Close("line")
                    .Tag("text", $"{tick}%", ("x", x), ("y", "12"), ("text-anchor", "middle"));
            }

            for (var i = 0; i < rows.Count; i++)
            {
                var slice = rows[i];
                var top = 24 + (i * RowHeight);
                html.Open("g", ("data-slice", slice.Name), ("class", slice.Failing ? "failing" : null));
                html.Tag("text", slice.Failing ? $"{slice.Name} ✗" : slice.Name, ("x", "0"), ("y", Format(top + 18)), ("font-weight", slice.Failing ? "bold" : null));
                Bar(html, "candidate", slice.Candidate, top + 4);
                Bar(html, "baseline", slice.Baseline, top + 20);
                if (slice.Minimum is { } min)
                {
                    var x = Format(LabelWidth + (BarArea * min));
                    html.Void("line", ("class", "threshold"), ("x1", x), ("x2", x), ("y1", Format(top)), ("y2", Format(top + 36))).Close("line");
                }

                var counts = slice.Regressed is { } r ? $"−{r} / +{slice.Improved ?? 0} paired" : "";
                html.Tag("text", counts, ("x", Format(LabelWidth + BarArea + 52)), ("y", Format(top + 18)));
                html.Close("g");
            }

            html.Close("svg");
            html.Open("figcaption", ("class", "legend"))
                .Open("span").Tag("span", "", ("class", "swatch candidate")).Text("candidate").Close("span")
                .Open("span").Tag("span", "", ("class", "swatch baseline")).Text("baseline").Close("span")
                .Tag("span", "dashed line: the slice's minimum; −regressed / +improved on paired cases")
                .Close("figcaption").Close("figure");
            Table(html, suite.Key, rows);
        }
    }

    private static void Bar(Html html, string kind, double? rate, int y)
    {
        if (rate is not { } value)
        {
            html.Tag("text", kind == "baseline" ? "baseline not compared" : "no candidate result", ("x", Format(LabelWidth + 4)), ("y", Format(y + 11)), ("class", "muted"));
            return;
        }

        html.Open("rect", ("class", kind), ("x", Format(LabelWidth)), ("y", Format(y)), ("height", "14"), ("width", Format(Math.Max(1, BarArea * value))))
            .Tag("title", $"{kind}: {DecisionView.Percent(value)}").Close("rect");
        html.Tag("text", DecisionView.Percent(value), ("x", Format(LabelWidth + (BarArea * value) + 4)), ("y", Format(y + 11)));
    }

    private static void Table(Html html, string suite, IReadOnlyList<Slice> rows)
    {
        html.Open("details").Tag("summary", $"{suite}: the figures as a table").Open("div", ("class", "table")).Open("table")
            .Open("thead").Open("tr").Tag("th", "Slice", ("scope", "col")).Tag("th", "Candidate", ("scope", "col")).Tag("th", "Baseline", ("scope", "col"))
            .Tag("th", "Minimum", ("scope", "col")).Tag("th", "Regressed", ("scope", "col")).Tag("th", "Improved", ("scope", "col")).Close("tr").Close("thead").Open("tbody");
        foreach (var s in rows)
        {
            html.Open("tr").Tag("th", s.Name, ("scope", "row"))
                .Tag("td", s.Candidate is { } c ? DecisionView.Percent(c) : "—").Tag("td", s.Baseline is { } b ? DecisionView.Percent(b) : "—")
                .Tag("td", s.Minimum is { } m ? DecisionView.Percent(m) : "—").Tag("td", s.Regressed?.ToString(CultureInfo.InvariantCulture) ?? "—")
                .Tag("td", s.Improved?.ToString(CultureInfo.InvariantCulture) ?? "—").Close("tr");
        }

        html.Close("tbody").Close("table").Close("div").Close("details");
    }

    private static double? Number(JsonNode? node) => node is JsonValue v && v.TryGetValue<double>(out var d) ? d : null;

    private static string Format(double value) => value.ToString("0.#", CultureInfo.InvariantCulture);
}
