using System.Text;
using ReleaseGate.Core.Decisions;
using ReleaseGate.Core.Evidence;
using ReleaseGate.Core.Formats;
using Xunit;

namespace ReleaseGate.Core.Tests.Decisions;

public class PolicyDocumentTests
{
    [Fact]
    public void Evals_summarise_latency_and_cost_per_suite_and_slice()
    {
        var gate = GateParser.Parse("apiVersion: releasegate/v1\nkind: Gate\nworkflow: w\nevals:\n  - suite: core\n", "g.yaml").GetValueOrThrow();
        var reader = new ResultsReader("r.jsonl", allBaseline: false);
        var lines = new StringBuilder();
        for (var i = 1; i <= 20; i++)
        {
            // Case i has two repeats averaging i * 100 ms; cost 0.01 a repeat on even cases only.
            var costField = i % 2 == 0 ? ",\"cost\":0.01" : "";
            lines.AppendLine($$"""{"suite":"core","case":"c{{i}}","slices":["{{(i <= 10 ? "a" : "b")}}"],"pass":true,"latency_ms":{{(i * 100) - 10}}{{costField}}}""");
            lines.AppendLine($$"""{"suite":"core","case":"c{{i}}","slices":["{{(i <= 10 ? "a" : "b")}}"],"pass":true,"latency_ms":{{(i * 100) + 10}}{{costField}}}""");
        }

        reader.Read(new MemoryStream(Encoding.UTF8.GetBytes(lines.ToString())));
        var document = GateEngine.PolicyDocument(new DecisionInput { Gate = gate, Candidate = reader.Candidate, Now = DateTimeOffset.UnixEpoch });

        var core = (IReadOnlyDictionary<string, object?>)((IReadOnlyDictionary<string, object?>)document["evals"]!)["core"]!;
        var latency = (IReadOnlyDictionary<string, object?>)core["latency_ms"]!;
        Assert.Equal(1050.0, (double)latency["mean"]!, 6);   // mean of 100..2000
        Assert.Equal(1900.0, (double)latency["p95"]!, 6);    // nearest rank: the 19th of 20
        Assert.Equal(2000.0, (double)latency["max"]!, 6);
        var cost = (IReadOnlyDictionary<string, object?>)core["cost"]!;
        Assert.Equal(10L, cost["cases"]);
        Assert.Equal(0.2, (double)cost["total"]!, 9);
        var sliceA = (IReadOnlyDictionary<string, object?>)((IReadOnlyDictionary<string, object?>)core["slices"]!)["a"]!;
        Assert.Equal(550.0, (double)((IReadOnlyDictionary<string, object?>)sliceA["latency_ms"]!)["mean"]!, 6);
    }
}
