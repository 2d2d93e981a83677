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

        TimeSpan? after = null;
        if (IsZero(e.Get("after", required: true)) is { } afterNode)
        {
            e.Context.Error(ErrorCodes.EscalationInterval, Messages.EscalationAfterZero("escalate.after"), afterNode);
        }
        else
        {
            after = e.Duration("after");
        }

        var to = e.String("to", required: true);
        TimeSpan? every = null;
        if (IsZero(e.Get("every")) is { } everyNode)
        {
            e.Context.Error(ErrorCodes.EscalationInterval, Messages.EscalationEveryShort("escalate.every", ((YamlScalar)everyNode).Value), everyNode);
        }
        else if (e.Duration("every") is { } interval)
        {
            if (interval < s_minEscalationEvery)
            {
                e.Context.Error(ErrorCodes.EscalationInterval, Messages.EscalationEveryShort("escalate.every", DurationText.Format(interval)), e.Get("every")!);
            }
            else
            {
                every = interval;
            }
        }

        e.Finish();
        return after is { } a && to is not null ? new Escalation(a, to, every) : null;
    }

    /// <summary>The node when it is a duration of zero (<c>0s</c>, <c>0h0m</c>), which <see cref="DurationText"/> does not read as a duration at all.</summary>
    private static YamlNode? IsZero(YamlNode? node) =>
        node is YamlScalar { Value: { Length: > 0 } text } && ZeroDuration().IsMatch(text) ? node : null;

    [System.Text.RegularExpressions.GeneratedRegex("^(0+[dhms])+$")]
    private static partial System.Text.RegularExpressions.Regex ZeroDuration();

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
