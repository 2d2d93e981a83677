using ReleaseGate.Core.Compliance;
using ReleaseGate.Core.Diagnostics;
using ReleaseGate.Core.Model;
using ReleaseGate.Core.Yaml;

namespace ReleaseGate.Core.Formats;

public static partial class GateParser
{
    /// <summary>The shortest interval an escalation may repeat at.</summary>
    private static readonly TimeSpan s_minEscalationEvery = TimeSpan.FromMinutes(1);

    /// <summary>Reads an <c>escalate</c> mapping of an approval stage or a review: <c>after</c>, <c>to</c> and the optional <c>every</c>.</summary>
    private static Escalation? ReadEscalation(MappingReader? e)
    {
        if (e is null)
        {
            return null;
        }

        var after = e.Duration("after", required: true);
        var to = e.String("to", required: true);
        var every = e.Duration("every");
        if (after == TimeSpan.Zero)
        {
            e.Context.Error(ErrorCodes.EscalationInterval, Messages.EscalationAfterZero("escalate.after"), e.Get("after")!);
            after = null;
        }

        if (every is { } interval && interval < s_minEscalationEvery)
        {
            e.Context.Error(ErrorCodes.EscalationInterval, Messages.EscalationEveryShort("escalate.every", DurationText.Format(interval)), e.Get("every")!);
            every = null;
        }

        e.Finish();
        return after is { } a && to is not null ? new Escalation(a, to, every) : null;
    }

    private static ComplianceRules? ReadCompliance(MappingReader? m)
    {
        if (m is null)
        {
            return null;
        }

        var schedule = m.String("schedule", required: true);
        if (schedule is not null && CronSchedule.ParseExpression(schedule, out var reason) is null)
        {
            m.Context.Error(ErrorCodes.CronInvalid, Messages.Schedule(schedule, reason), m.Get("schedule")!);
        }

        var zone = m.String("timezone");
        if (zone is not null && CronSchedule.FindZone(zone) is null)
        {
            m.Context.Error(ErrorCodes.TimeZoneUnknown, Messages.TimeZone(zone), m.Get("timezone")!);
        }

        var rules = new ComplianceRules
        {
            Schedule = schedule ?? "",
            TimeZone = string.IsNullOrEmpty(zone) ? "UTC" : zone,
            Releases = m.Choice("releases", Choices.ComplianceScopes) ?? ComplianceScope.Latest,
            Block = Severities(m, "block"),
            Policies = ReadCompliancePolicies(m),
            Location = m.Location,
        };
        if (rules.Policies.Count == 0 && m.Get("policies") is not YamlSequence { Items.Count: > 0 })
        {
            m.Context.Error(ErrorCodes.ComplianceNoPolicies, Messages.ComplianceNoPolicies, m.Get("policies") ?? m.Node);
        }

        m.Finish();
        return rules;
    }

    private static List<CompliancePolicy> ReadCompliancePolicies(MappingReader compliance)
    {
        var result = new List<CompliancePolicy>();
        foreach (var m in Items(compliance, "policies", "a compliance policy", "id", "compliance policy id"))
        {
            var owner = m.String("owner", required: true);
            if (owner is not null && Identifiers.Name(owner, "owner group", MaxGroupLength, m.Get("owner")!.Location) is { } badOwner)
            {
                m.Context.Errors.Add(badOwner);
            }

            var severity = m.Choice("severity", Choices.Severities, required: true);
            result.Add(new CompliancePolicy
            {
                Id = Name(m, "id", "compliance policy id", required: true) ?? "",
                Rule = m.String("rule", required: true) ?? "",
                Severity = severity ?? Severity.Critical,
                Owner = owner ?? "",
                Message = m.String("message"),
                Location = m.Location,
            });
            m.Finish();
        }

        return result;
    }
}
