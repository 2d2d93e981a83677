using System.Text.Json.Nodes;

namespace ReleaseGate.Runner.Execution;

/// <summary>
/// The sidecar <c>RESULTS.run.json</c> next to a results file: what ran and whether it finished. It says
/// <c>"status":"running"</c> while the run goes, then <c>"complete"</c> or <c>"incomplete"</c> (stopped). The results
/// file itself holds result lines only, so <c>releasegate check</c> and other readers need nothing new; a gate with the
/// suite's <c>file</c> catches the cases an incomplete run never wrote as missing.
/// </summary>
public static class RunManifest
{
    /// <summary>The sidecar's path for <paramref name="resultsPath"/>.</summary>
    public static string PathFor(string resultsPath) => resultsPath + ".run.json";

    /// <summary>Writes the sidecar atomically (a temporary file renamed over it).</summary>
    /// <exception cref="IOException">It cannot be written.</exception>
    public static void Write(string resultsPath, string status, string suite, IReadOnlyList<RunSide> sides, RunOptions options, long planned, DateTimeOffset started, RunReport? report, DateTimeOffset? finished)
    {
        ArgumentNullException.ThrowIfNull(sides);
        ArgumentNullException.ThrowIfNull(options);
        var node = new JsonObject
        {
            ["status"] = status,
            ["suite"] = suite,
            ["results"] = Path.GetFileName(resultsPath),
            ["targets"] = new JsonObject([.. sides.Select(s => KeyValuePair.Create(s.Side, (JsonNode?)s.Target.Definition.Id))]),
            ["planned"] = planned,
            ["written"] = report?.Written,
            ["retries"] = report?.Retries,
            ["repeat"] = options.Repeat,
            ["concurrency"] = options.Concurrency,
            ["cache"] = options.CacheDirectory is not null,
            ["started"] = started.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
            ["finished"] = finished?.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
        };
        var path = PathFor(resultsPath);
        var temporary = path + ".tmp";
        File.WriteAllText(temporary, node.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }) + "\n");
        File.Move(temporary, path, overwrite: true);
    }
}
