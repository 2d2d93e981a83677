namespace ReleaseGate.Core.Diagnostics;

/// <summary>Messages of the gate's <c>compliance</c> section, its evaluation and escalations (issue 20).</summary>
public static partial class Messages
{
    internal static string CronFieldCount(int fields) =>
        $"a cron expression has 5 fields (minute hour day-of-month month day-of-week), or 6 with seconds first, but this one has {fields}";

    internal const string CronNever = "it never runs: no date matches its day-of-month and month";

    internal static string CronInvalid(string reason) => $"it is not a valid cron expression: {reason}";

    internal static string CronZone(string zone) =>
        $"'{DisplayText.Escape(zone)}' is not a time zone known here; give an IANA time zone such as Europe/Berlin or America/New_York, or leave 'timezone' out for UTC";

    internal static string Schedule(string expression, string reason) =>
        $"'schedule: {DisplayText.Escape(expression)}': {reason}; write 5 fields such as \"0 6 * * *\" (06:00 every day), or 6 with seconds first.";

    internal static string TimeZone(string zone) => CronZone(zone) + ".";

    internal const string ComplianceNoPolicies =
        "'compliance' has no policies, so it would check nothing; add at least one item to 'compliance.policies' (id, rule, severity, owner), or remove the section.";

    internal static string EscalationAfterZero(string key) =>
        $"'{key}' escalates at once (an 'after' of zero); give how long it may wait first, such as 24h.";

    internal static string EscalationEveryShort(string key, string every) =>
        $"'{key}' escalates again every {DisplayText.Escape(every)}, more often than once a minute; give an 'every' of at least 1m, such as 24h, or leave it out to escalate once.";

    internal static string ComplianceHolds(string id) => $"policy '{id}' holds";

    internal static string ComplianceViolated(string id, string rule) => $"policy '{id}' is violated: {rule}";

    internal static string ComplianceNotEvaluated(string id, string error) =>
        $"policy '{id}' could not be evaluated, so it counts as violated: {error}";
}
