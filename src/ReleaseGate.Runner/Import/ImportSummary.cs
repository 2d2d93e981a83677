namespace ReleaseGate.Runner.Import;

/// <summary>What an import wrote.</summary>
/// <param name="Lines">Result lines written.</param>
/// <param name="Passed">Lines with <c>pass: true</c> and no error.</param>
/// <param name="Failed">Lines with <c>pass: false</c> and no error.</param>
/// <param name="Errored">Lines with an error (including skipped tests, unless they were left out).</param>
/// <param name="Omitted">Skipped tests left out.</param>
public sealed record ImportSummary(long Lines, long Passed, long Failed, long Errored, long Omitted);
