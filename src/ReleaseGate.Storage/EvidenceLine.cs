namespace ReleaseGate.Storage;

/// <summary>One result line of an evaluation run (DESIGN §4, results JSONL): the fields the store indexes, and the line itself.</summary>
/// <param name="LineNumber">The 1-based line number in the uploaded file; lines read back in this order.</param>
/// <param name="Suite">The <c>suite</c> field.</param>
/// <param name="Case">The <c>case</c> field.</param>
/// <param name="Repeat">The <c>repeat</c> field (0 when absent).</param>
/// <param name="Target">The <c>target</c> field (<c>candidate</c> when absent).</param>
/// <param name="Pass">The <c>pass</c> field, or null when absent.</param>
/// <param name="Error">The <c>error</c> field, or null.</param>
/// <param name="Score">The <c>score</c> field, or null.</param>
/// <param name="LatencyMs">The <c>latency_ms</c> field, or null.</param>
/// <param name="Cost">The <c>cost</c> field, or null.</param>
/// <param name="Json">The whole line as uploaded, the source of truth the decision engine re-reads.</param>
public sealed record EvidenceLine(
    long LineNumber,
    string Suite,
    string Case,
    int Repeat,
    string Target,
    bool? Pass,
    string? Error,
    double? Score,
    double? LatencyMs,
    double? Cost,
    string Json);
