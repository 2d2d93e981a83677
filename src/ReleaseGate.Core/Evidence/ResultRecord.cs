namespace ReleaseGate.Core.Evidence;

/// <summary>
/// The fields of one valid results line (DESIGN §4) as <see cref="ResultsReader"/> read them: what a store indexes beside the
/// line itself. <see cref="ResultsReader.ReadRecord(ReadOnlySpan{byte}, long)"/> gives one per line.
/// </summary>
/// <param name="LineNumber">The 1-based line number given to the reader.</param>
/// <param name="Suite">The <c>suite</c> field.</param>
/// <param name="Case">The <c>case</c> field.</param>
/// <param name="Repeat">The <c>repeat</c> field (0 when absent).</param>
/// <param name="Target">The line's own <c>target</c> field, <c>candidate</c> or <c>baseline</c> (<c>candidate</c> when absent).</param>
/// <param name="Pass">The <c>pass</c> field, or null when absent or null.</param>
/// <param name="Error">The <c>error</c> field: a string's text, any other value's JSON, or null when absent or null.</param>
/// <param name="Score">The <c>score</c> field when it is a number, else null.</param>
/// <param name="LatencyMs">The <c>latency_ms</c> field, or null.</param>
/// <param name="Cost">The <c>cost</c> field, or null.</param>
public sealed record ResultRecord(
    long LineNumber,
    string Suite,
    string Case,
    int Repeat,
    string Target,
    bool? Pass,
    string? Error,
    double? Score,
    double? LatencyMs,
    double? Cost);
