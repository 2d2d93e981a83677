using ReleaseGate.Core.Model;

namespace ReleaseGate.Core.Formats;

/// <summary>The words each enumeration is written as in the v1 formats.</summary>
internal static class Choices
{
    public static readonly IReadOnlyDictionary<string, Severity> Severities = new Dictionary<string, Severity>(StringComparer.Ordinal)
    {
        ["critical"] = Severity.Critical, ["high"] = Severity.High, ["medium"] = Severity.Medium, ["low"] = Severity.Low,
    };

    public static readonly IReadOnlyDictionary<string, RiskTier> Risks = new Dictionary<string, RiskTier>(StringComparer.Ordinal)
    {
        ["low"] = RiskTier.Low, ["medium"] = RiskTier.Medium, ["high"] = RiskTier.High, ["critical"] = RiskTier.Critical,
    };

    public static readonly IReadOnlyDictionary<string, RepeatAggregate> Aggregates = new Dictionary<string, RepeatAggregate>(StringComparer.Ordinal)
    {
        ["all"] = RepeatAggregate.All, ["majority"] = RepeatAggregate.Majority, ["any"] = RepeatAggregate.Any,
    };

    public static readonly IReadOnlyDictionary<string, RegressionMethod> Methods = new Dictionary<string, RegressionMethod>(StringComparer.Ordinal)
    {
        ["mcnemar"] = RegressionMethod.McNemar, ["strict"] = RegressionMethod.Strict,
    };

    public static readonly IReadOnlyDictionary<string, InconclusiveAction> Inconclusive = new Dictionary<string, InconclusiveAction>(StringComparer.Ordinal)
    {
        ["warn"] = InconclusiveAction.Warn, ["review"] = InconclusiveAction.Review,
    };

    public static readonly IReadOnlyDictionary<string, SliceSelection> SliceSelections = new Dictionary<string, SliceSelection>(StringComparer.Ordinal)
    {
        ["protected"] = SliceSelection.Protected, ["all"] = SliceSelection.All,
    };

    public static readonly IReadOnlyDictionary<string, PolicyEffect> Effects = new Dictionary<string, PolicyEffect>(StringComparer.Ordinal)
    {
        ["block"] = PolicyEffect.Block, ["warn"] = PolicyEffect.Warn,
    };

    public static string Word(this Severity severity) => severity switch
    {
        Severity.Critical => "critical",
        Severity.High => "high",
        Severity.Medium => "medium",
        _ => "low",
    };

    public static string Word(this RiskTier risk) => risk switch
    {
        RiskTier.Low => "low",
        RiskTier.Medium => "medium",
        RiskTier.High => "high",
        _ => "critical",
    };
}
