using ReleaseGate.Storage;

namespace ReleaseGate.Server.Ui;

/// <summary>The selects of the list pages' filter forms (releases, bank, compliance): one labelled select a filter.</summary>
internal static class Filters
{
    /// <summary>Writes the workflow select (<c>workflow</c>), "All workflows" first.</summary>
    public static Html Workflow(Html html, IEnumerable<WorkflowRecord> workflows, string? selected) =>
        Select(html, "workflow", "Workflow", "All workflows", workflows.Select(w => w.Name), selected);

    /// <summary>Writes a select named <paramref name="name"/> of <paramref name="words"/>, after a first option <paramref name="any"/> (value "") when given.</summary>
    public static Html Select(Html html, string name, string label, string? any, IEnumerable<string> words, string? selected)
    {
        ArgumentNullException.ThrowIfNull(html);
        ArgumentNullException.ThrowIfNull(words);
        html.Open("div").Tag("label", label, ("for", $"f-{name}")).Open("select", ("id", $"f-{name}"), ("name", name));
        if (any is not null)
        {
            html.Tag("option", any, ("value", ""));
        }

        foreach (var word in words)
        {
            html.Tag("option", word, ("value", word), ("selected", word == selected ? "" : null));
        }

        return html.Close("select").Close("div");
    }
}
