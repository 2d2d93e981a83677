using System.Globalization;
using ReleaseGate.Server.Api;
using ReleaseGate.Server.Identity;
using ReleaseGate.Server.Lifecycle;
using ReleaseGate.Storage;

namespace ReleaseGate.Server.Ui;

/// <summary>
/// The form posts of the decision page (<see cref="DecisionActions"/>): each reads its form and runs the API handler of the
/// same action through <see cref="UiActions.RunAsync"/>, as the signed-in person, under the same scope and rules as the CLI's
/// <c>approve</c>, <c>reject</c>, <c>waive</c> and <c>ship</c>.
/// </summary>
internal static class ActionPages
{
    /// <summary>Maps the routes on the signed-in pages' group.</summary>
    public static void Map(RouteGroupBuilder pages)
    {
        ArgumentNullException.ThrowIfNull(pages);
        pages.MapPost("/releases/{id:long}/approvals", VoteAsync);
        pages.MapPost("/releases/{id:long}/waivers", WaiveAsync);
        pages.MapPost("/releases/{id:long}/waivers/{waiver:long}/revoke", RevokeAsync);
        pages.MapPost("/releases/{id:long}/ship", ShipAsync);
        ReviewPages.Map(pages);
    }

    private static async Task<IResult> VoteAsync(long id, HttpContext http, IGateStore store, ReleaseLifecycle lifecycle, ServerMetrics metrics)
    {
        var ui = UiRequest.Of(http);
        var form = await http.Request.ReadFormAsync(http.RequestAborted);
        var verdict = form["verdict"].ToString();
        if (verdict is not ("approve" or "reject"))
        {
            return ControlCenter.Problem(ui, StatusCodes.Status400BadRequest, ProblemCodes.InvalidRequest, "Approve or reject",
                "the form said neither approve nor reject; press one of the two buttons of the stage.");
        }

        var approve = verdict == "approve";
        var vote = new VoteRequestV1(form["stage"].ToString(), form["comment"].ToString(), Optional(form["evidence"].ToString()));
        return await UiActions.RunAsync(ui, Scope.Approve,
            async () => await ApprovalsApi.VoteAsync(id, vote, approve, http, store, lifecycle, metrics, http.RequestAborted),
            back: Back(id), notice: approve ? "approved" : "rejected");
    }

    private static async Task<IResult> WaiveAsync(long id, HttpContext http, IGateStore store, ReleaseLifecycle lifecycle, TimeProvider time)
    {
        var ui = UiRequest.Of(http);
        if (await store.GetReleaseAsync(id, http.RequestAborted) is not { } release)
        {
            return UnknownRelease(ui, id);
        }

        var form = await http.Request.ReadFormAsync(http.RequestAborted);

        // A datetime-local field has no zone: the page labels it UTC. Anything else is left for the API to refuse.
        DateTimeOffset? expires = DateTime.TryParseExact(form["expires"].ToString(), [DecisionActions.LocalMinute, DecisionActions.LocalMinute + ":ss"],
            CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var at)
            ? new DateTimeOffset(at, TimeSpan.Zero)
            : null;
        var request = new WaiverRequestV1(form["check"].ToString(), release.Digest, form["reason"].ToString(), expires);
        return await UiActions.RunAsync(ui, Scope.Approve,
            async () => await WaiversApi.GrantAsync(release.Workflow, request, http, store, lifecycle, time, http.RequestAborted),
            back: Back(id), notice: "waiver-granted");
    }

    private static async Task<IResult> RevokeAsync(long id, long waiver, HttpContext http, IGateStore store, ReleaseLifecycle lifecycle)
    {
        var ui = UiRequest.Of(http);
        var form = await http.Request.ReadFormAsync(http.RequestAborted);
        var request = new RevokeRequestV1(form["reason"].ToString());
        return await UiActions.RunAsync(ui, Scope.Approve,
            async () => await WaiversApi.RevokeAsync(waiver, request, http, store, lifecycle, http.RequestAborted),
            back: Back(id), notice: "waiver-revoked");
    }

    private static async Task<IResult> ShipAsync(long id, HttpContext http, IGateStore store, ReleaseLifecycle lifecycle)
    {
        var ui = UiRequest.Of(http);
        return await UiActions.RunAsync(ui, Scope.Submit,
            async () => await ReleasesApi.ShipAsync(id, http, store, lifecycle, http.RequestAborted),
            back: Back(id), notice: "shipped");
    }

    private static string Back(long id) => Html.Path("releases", id.ToString(CultureInfo.InvariantCulture));

    private static string? Optional(string value) => string.IsNullOrWhiteSpace(value) ? null : value;

    private static Page UnknownRelease(UiRequest ui, long id) =>
        ControlCenter.Problem(ui, StatusCodes.Status404NotFound, ProblemCodes.UnknownRelease, "Unknown release", $"there is no release {id}; pick one from the releases page.");
}
