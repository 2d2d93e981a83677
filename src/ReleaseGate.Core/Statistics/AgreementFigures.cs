namespace ReleaseGate.Core.Statistics;

/// <summary>How far reviewers agree (<see cref="Agreement"/>).</summary>
/// <param name="Items">The items reviewed.</param>
/// <param name="Percent">The share of agreeing pairs of verdicts on the same item, from 0 to 1 (for two reviewers: the share of items they agree on).</param>
/// <param name="Kappa">
/// Agreement beyond what chance would give, from −1 to 1 (1: complete; 0: as chance); null when chance alone gives complete
/// agreement (every verdict in one category), where it is undefined and <paramref name="Percent"/> says all there is.
/// </param>
public sealed record AgreementFigures(int Items, double Percent, double? Kappa);
