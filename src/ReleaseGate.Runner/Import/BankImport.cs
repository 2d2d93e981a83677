namespace ReleaseGate.Runner.Import;

/// <summary>What a bank importer found in a file: the candidates, and what it left out.</summary>
/// <param name="Candidates">The cases proposed for the bank, in file order.</param>
/// <param name="Warnings">What was left out and why (a promptfoo result that cannot become a case, say); empty when nothing.</param>
public sealed record BankImport(IReadOnlyList<BankCandidate> Candidates, IReadOnlyList<string> Warnings);
