using ReleaseGate.Core.Model;

namespace ReleaseGate.Core.Formats;

/// <summary>The words each enumeration is written as in the v1 formats.</summary>
public static class Choices
{
    /// <summary>The words a case's <c>severity</c> is written as, for readers of case and results files.</summary>
    public static readonly IReadOnlyDictionary<string, Severity> Severities = new Dictionary<string, Severity>(StringComparer.Ordinal)
    {
        ["critical"] = Severity.Critical, ["high"] = Severity.High, ["medium"] = Severity.Medium, ["low"] = Severity.Low,
    };

    internal static readonly IReadOnlyDictionary<string, RiskTier> Risks = new Dictionary<string, RiskTier>(StringComparer.Ordinal)
    {
        ["low"] = RiskTier.Low, ["medium"] = RiskTier.Medium, ["high"] = RiskTier.High, ["critical"] = RiskTier.Critical,
    };

    internal static readonly IReadOnlyDictionary<string, RepeatAggregate> Aggregates = new Dictionary<string, RepeatAggregate>(StringComparer.Ordinal)
    {
        ["all"] = RepeatAggregate.All, ["majority"] = RepeatAggregate.Majority, ["any"] = RepeatAggregate.Any,
    };

    internal static readonly IReadOnlyDictionary<string, RegressionMethod> Methods = new Dictionary<string, RegressionMethod>(StringComparer.Ordinal)
    {
        ["mcnemar"] = RegressionMethod.McNemar, ["strict"] = RegressionMethod.Strict,
    };

    internal static readonly IReadOnlyDictionary<string, InconclusiveAction> Inconclusive = new Dictionary<string, InconclusiveAction>(StringComparer.Ordinal)
    {
        ["warn"] = InconclusiveAction.Warn, ["review"] = InconclusiveAction.Review,
    };

    internal static readonly IReadOnlyDictionary<string, SliceSelection> SliceSelections = new Dictionary<string, SliceSelection>(StringComparer.Ordinal)
    {
        ["protected"] = SliceSelection.Protected, ["all"] = SliceSelection.All,
    };

    internal static readonly IReadOnlyDictionary<string, PolicyEffect> Effects = new Dictionary<string, PolicyEffect>(StringComparer.Ordinal)
    {
        ["block"] = PolicyEffect.Block, ["warn"] = PolicyEffect.Warn,
    };

    internal static string Word(this Severity severity) => severity switch
    {
        Severity.Critical => "critical",
        Severity.High => "high",
        Severity.Medium => "medium",
        _ => "low",
    };

    /// <summary>The word a risk tier is written as in gate files and on the wire.</summary>
    public static string Word(this RiskTier risk) => risk switch
    {
        RiskTier.Low => "low",
        RiskTier.Medium => "medium",
        RiskTier.High => "high",
        _ => "critical",
    };
}
