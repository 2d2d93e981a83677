using System.Text;
using System.Text.Json.Nodes;
using ReleaseGate.Core.Diagnostics;
using ReleaseGate.Core.Evidence;
using ReleaseGate.Runner.Import;
using Xunit;

namespace ReleaseGate.Runner.Tests.Import;

/// <summary>Runs an importer into memory and reads its lines back, both as JSON and through Core's ResultsReader.</summary>
internal static class ImportHarness
{
    public static string Fixture(params string[] parts) => Path.Combine([AppContext.BaseDirectory, "imports", .. parts]);

    public sealed record Imported(ParseResult<ImportSummary> Result, string Text)
    {
        public List<JsonObject> Lines => Text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => (JsonObject)JsonNode.Parse(l)!).ToList();

        public JsonObject Line(string caseId) => Assert.Single(Lines, l => (string)l["case"]! == caseId);
    }

    public static Imported Run(Func<string, string, ImportOptions, Stream, ParseResult<ImportSummary>> importer, string path, ImportOptions options)
    {
        using var output = new MemoryStream();
        var result = importer(path, Path.GetFileName(path), options, output);
        return new Imported(result, Encoding.UTF8.GetString(output.ToArray()));
    }

    /// <summary>Reads the lines as <c>check</c> does; fails the test on any error.</summary>
    public static ResultsReader ReadBack(string text, string file = "imported.jsonl")
    {
        var reader = new ResultsReader(file, allBaseline: false);
        reader.Read(new MemoryStream(Encoding.UTF8.GetBytes(text)));
        Assert.Empty(reader.Errors);
        return reader;
    }

    public static string Temp(string name, string content)
    {
        var dir = Path.Combine(Path.GetTempPath(), "rg-import-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        var path = Path.Combine(dir, name);
        File.WriteAllText(path, content);
        return path;
    }
}
