// Writes the storage-ingest benchmark's input: N results lines (DESIGN §4 format, about 230 bytes each) as JSONL, and the
// same rows as CSV in the column order of the result_lines table, for sqlite3 .import and psql \copy. Deterministic.
//
//     dotnet run bench/storage-ingest/generate.cs -- FOLDER LINES
#:property GenerateDocumentationFile=true
#:property NoWarn=CS1591

using System.Globalization;
using System.Text;

var folder = args[0];
var lines = int.Parse(args[1], CultureInfo.InvariantCulture);
Directory.CreateDirectory(folder);
using var jsonl = new StreamWriter(Path.Combine(folder, "lines.jsonl"), false, new UTF8Encoding(false), 1 << 20);
using var csv = new StreamWriter(Path.Combine(folder, "lines.csv"), false, new UTF8Encoding(false), 1 << 20);
var slices = new[] { "refunds", "billing", "shipping", "accounts", "returns" };
var severities = new[] { "critical", "high", "medium", "low" };
for (var i = 0; i < lines; i++)
{
    var c = i % 100_000;
    var repeat = i / 100_000;
    var errored = i % 1000 == 7;
    var pass = !errored && (c % 10 != 3) && (i % 17 != 0);
    var latency = 300 + (int)((long)i * 7919 % 2500);
    var cost = Math.Round(0.0001 * (1 + (i % 40)), 4).ToString("R", CultureInfo.InvariantCulture);
    var score = pass ? "1" : "0";
    var error = errored ? "\"target timed out after 30 s\"" : "null";
    var line = string.Create(CultureInfo.InvariantCulture,
        $"{{\"suite\":\"support-core\",\"case\":\"case-{c:D6}\",\"repeat\":{repeat},\"target\":\"candidate\",\"slices\":[\"{slices[c % 5]}\"],\"severity\":\"{severities[c % 4]}\",\"pass\":{(errored ? "null" : pass ? "true" : "false")},\"score\":{score},\"error\":{error},\"latency_ms\":{latency},\"cost\":{cost},\"output\":\"Your refund for order {c} was issued.\"}}");
    jsonl.Write(line);
    jsonl.Write('\n');
    // run_id, line_no, suite, case_id, repeat, target, pass, error, score, latency_ms, cost, line (empty = NULL for psql)
    csv.Write(string.Create(CultureInfo.InvariantCulture,
        $"1,{i + 1},support-core,case-{c:D6},{repeat},candidate,{(errored ? "" : pass ? "1" : "0")},{(errored ? "target timed out after 30 s" : "")},{score},{latency},{cost},\"{line.Replace("\"", "\"\"", StringComparison.Ordinal)}\"\n"));
}
