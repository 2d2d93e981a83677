using ReleaseGate.Core.Bank;
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

    internal static readonly IReadOnlyDictionary<string, ComplianceScope> ComplianceScopes = new Dictionary<string, ComplianceScope>(StringComparer.Ordinal)
    {
        ["latest"] = ComplianceScope.Latest, ["all"] = ComplianceScope.All,
    };

    internal static readonly IReadOnlyDictionary<string, PolicyEffect> Effects = new Dictionary<string, PolicyEffect>(StringComparer.Ordinal)
    {
        ["block"] = PolicyEffect.Block, ["warn"] = PolicyEffect.Warn,
    };

    /// <summary>The words a bank case's <c>bank.state</c> is written as.</summary>
    public static readonly IReadOnlyDictionary<string, BankState> BankStates = new Dictionary<string, BankState>(StringComparer.Ordinal)
    {
        ["active"] = BankState.Active, ["quarantined"] = BankState.Quarantined, ["retired"] = BankState.Retired, ["proposed"] = BankState.Proposed,
    };

    /// <summary>The words a bank case's <c>bank.source</c> is written as.</summary>
    public static readonly IReadOnlyDictionary<string, BankSource> BankSources = new Dictionary<string, BankSource>(StringComparer.Ordinal)
    {
        ["incident"] = BankSource.Incident, ["release"] = BankSource.Release, ["review"] = BankSource.Review,
        ["trace"] = BankSource.Trace, ["import"] = BankSource.Import, ["manual"] = BankSource.Manual,
    };

    /// <summary>The roles of a case's conversation (<c>messages</c>), as OpenAI's chat completions name them.</summary>
    public static readonly IReadOnlyList<string> ChatRoles = ["system", "user", "assistant", "tool"];

    /// <summary>The word a bank state is written as in suite files and on the wire.</summary>
    public static string Word(this BankState state) => state switch
    {
        BankState.Active => "active",
        BankState.Quarantined => "quarantined",
        BankState.Retired => "retired",
        _ => "proposed",
    };

    /// <summary>The word a bank source is written as in suite files and on the wire.</summary>
    public static string Word(this BankSource source) => source switch
    {
        BankSource.Incident => "incident",
        BankSource.Release => "release",
        BankSource.Review => "review",
        BankSource.Trace => "trace",
        BankSource.Import => "import",
        _ => "manual",
    };

    /// <summary>The word a severity is written as in suite, results and gate files.</summary>
    public static string Word(this Severity severity) => severity switch
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
