using System.CommandLine;
using ReleaseGate.Cli.Client;
using ReleaseGate.Core.Yaml;
using ReleaseGate.Server.Api;
using ReleaseGate.Cli.Output;

namespace ReleaseGate.Cli.Commands;

/// <summary>
/// <c>releasegate waive --workflow W --check C --reason R --expires T [--for-release V]</c> grants a waiver;
/// <c>releasegate waive --revoke ID --reason R</c> revokes one.
/// </summary>
public static class WaiveCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var workflow = new Option<string>("--workflow") { Description = "The workflow." };
        var check = new Option<string>("--check") { Description = "A check id, or a glob over ids (evals/support-core/slice/billing/*)." };
        var forRelease = new Option<string>("--for-release") { Description = "Only this release (a version or a digest); default: every release of the workflow." };
        var reason = new Option<string>("--reason") { Description = "Why; part of the record.", Required = true };
        var expires = new Option<string>("--expires") { Description = "When it stops applying, RFC 3339 with a zone (2026-12-01T00:00:00Z)." };
        var revoke = new Option<long?>("--revoke") { Description = "Revoke the waiver with this id instead of granting one." };
        var command = new Command("waive", "Grant a time-boxed waiver for failing checks, or revoke one (members of the gate's waivers.group).")
        {
            workflow, check, forRelease, reason, expires, revoke,
        };
        Remote.SetAction(command, async (parse, client) =>
        {
            if (parse.GetValue(revoke) is { } id)
            {
                var revoked = await client.PostJsonAsync($"api/v1/waivers/{id}/revoke", new RevokeRequestV1(parse.GetRequiredValue(reason)), ApiJsonContext.Default.RevokeRequestV1);
                if (revoked is null)
                {
                    return ExitCodes.BadInput;
                }

                Console.Out.WriteLine($"waiver {Terminal.Safe(revoked["id"])} for {Terminal.Safe(revoked["check"])} revoked by {Terminal.Safe(revoked["revoked_by"])}");
                return ExitCodes.Pass;
            }

            if (parse.GetValue(workflow) is not { } w || parse.GetValue(check) is not { } c || parse.GetValue(expires) is not { } e)
            {
                Console.Error.WriteLine("releasegate: RG1301: a grant needs --workflow, --check, --reason and --expires (or --revoke ID --reason R).");
                return ExitCodes.BadInput;
            }

            if (!TimestampText.TryParse(e, out var until))
            {
                Console.Error.WriteLine($"releasegate: RG1301: --expires must be an RFC 3339 timestamp with a zone, such as 2026-12-01T00:00:00Z; got '{Terminal.Safe(e)}'.");
                return ExitCodes.BadInput;
            }

            var body = new Dictionary<string, string?>
            {
                ["check"] = c,
                ["release"] = parse.GetValue(forRelease),
                ["reason"] = parse.GetRequiredValue(reason),
                ["expires"] = TimestampText.Format(until),
            };
            var granted = await client.PostJsonAsync($"api/v1/workflows/{Uri.EscapeDataString(w)}/waivers", body, ApiJsonContext.Default.DictionaryStringString);
            if (granted is null)
            {
                return ExitCodes.BadInput;
            }

            Console.Out.WriteLine($"waiver {Terminal.Safe(granted["id"])} for {Terminal.Safe(granted["check"])} granted by {Terminal.Safe(granted["granted_by"])} until {Terminal.Safe(granted["expires"])}");
            return ExitCodes.Pass;
        });
        return command;
    }
}
