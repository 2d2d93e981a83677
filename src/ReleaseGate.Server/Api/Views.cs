using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;
using ReleaseGate.Server.Lifecycle;
using ReleaseGate.Server.Options;
using ReleaseGate.Storage;

namespace ReleaseGate.Server.Api;

/// <summary>Maps stored records to wire types.</summary>
internal static class Views
{
    public static WorkflowV1 Workflow(WorkflowRecord w) => new(w.Name, w.Risk, w.CurrentGateDigest, w.BaselineReleaseId);

    public static GateRegisteredV1 Registered(GateRegistered r) => new(Workflow(r.Workflow), r.Changed, r.Redecided);

    public static ReleaseV1 Release(HttpContext context, ReleaseRecord r, string? decisionJson) =>
        new(r.Id, r.Workflow, r.Version, r.Digest, r.Submitter, ReleaseStates.Word(r.State), r.CreatedAt, Link(context, r.Id), decisionJson is null ? null : JsonNode.Parse(decisionJson));

    /// <summary>
    /// The link to a release's page in the Control Center: under <see cref="ServerOptions.PublicUrl"/> when set; otherwise under the address the server
    /// listens on when that names a host, and a path alone when it listens on every address. Never the request's own
    /// <c>Host</c> header, which the client chooses.
    /// </summary>
    public static string Link(HttpContext context, long releaseId) => $"{Root(context)}/releases/{releaseId}";

    /// <summary>Where links to the server start (see <see cref="Link"/>): the public URL, the address listened on, or nothing.</summary>
    public static string Root(HttpContext context)
    {
        var settings = context.RequestServices.GetRequiredService<IOptions<ServerOptions>>().Value;
        return settings.PublicUrl?.TrimEnd('/') ?? ListeningRoot(context);
    }

    private static string ListeningRoot(HttpContext context)
    {
        var addresses = context.RequestServices.GetService<IServer>()?.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        foreach (var address in addresses)
        {
            if (Uri.TryCreate(address, UriKind.Absolute, out var uri) && uri.Host is not ("0.0.0.0" or "[::]" or "::" or "*" or "+")
                && !address.Contains("://*", StringComparison.Ordinal) && !address.Contains("://+", StringComparison.Ordinal))
            {
                return uri.GetLeftPart(UriPartial.Authority);
            }
        }

        return "";
    }

    public static ApprovalV1 Approval(ApprovalRecord a) =>
        new(a.Id, a.Stage, a.Actor, a.Verdict == ApprovalVerdict.Approve ? "approve" : "reject", a.ReleaseDigest, a.EvidenceDigest, a.Comment, a.Invalidated, a.CreatedAt, a.GateDigest, a.StageDigest);

    public static WaiverV1 Waiver(WaiverRecord w) => new(w.Id, w.Workflow, w.Check, w.Release, w.Reason, w.GrantedBy, w.GrantedAt, w.Expires, w.RevokedAt, w.RevokedBy);

    public static LedgerEntryV1 Ledger(LedgerEntry e) => new(e.Seq, e.Time, e.Actor, e.Type, e.Subject, JsonNode.Parse(e.PayloadJson), e.PrevHash, e.Hash);

    /// <summary>Whether a release takes no more evidence, votes or waivers.</summary>
    public static bool Closed(ReleaseRecord r) => r.State is ReleaseState.Rejected or ReleaseState.Shipped or ReleaseState.RolledBack;
}
