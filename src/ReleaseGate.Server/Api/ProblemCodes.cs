namespace ReleaseGate.Server.Api;

/// <summary>
/// The stable codes of the server's errors, carried as <c>code</c> in every ProblemDetails response (RFC 9457) and
/// printed by the command-line client. Each has a page <c>docs/errors/RGnnnn.md</c>.
/// </summary>
public static class ProblemCodes
{
    /// <summary>The request body is not what the endpoint takes (malformed JSON, a missing or invalid field).</summary>
    public const string InvalidRequest = "RG1601";

    /// <summary>An uploaded gate, policy or suite file is invalid; <c>errors</c> lists every problem.</summary>
    public const string InvalidGate = "RG1602";

    /// <summary>An uploaded release manifest is invalid; <c>errors</c> lists every problem.</summary>
    public const string InvalidRelease = "RG1603";

    /// <summary>Uploaded results JSONL is invalid; <c>errors</c> lists the invalid lines.</summary>
    public const string InvalidResults = "RG1604";

    /// <summary>The request body is larger than the server accepts.</summary>
    public const string TooLarge = "RG1605";

    /// <summary>No workflow of that name is registered.</summary>
    public const string UnknownWorkflow = "RG1606";

    /// <summary>No release of that workflow and version exists.</summary>
    public const string UnknownRelease = "RG1607";

    /// <summary>The request carries no valid credential.</summary>
    public const string Unauthenticated = "RG1608";

    /// <summary>The credential is valid but does not allow this action (scope or group).</summary>
    public const string Forbidden = "RG1609";

    /// <summary>A submitter tried to approve their own release.</summary>
    public const string SelfApproval = "RG1610";

    /// <summary>The person already approved this stage on the current evidence: one person counts once.</summary>
    public const string AlreadyApproved = "RG1611";

    /// <summary>The release is rejected or shipped and takes no further changes.</summary>
    public const string ReleaseClosed = "RG1612";

    /// <summary>Only an approved release can be shipped.</summary>
    public const string NotApproved = "RG1613";

    /// <summary>A waiver is invalid (pattern, expiry, duration, or a critical check the gate does not let be waived).</summary>
    public const string InvalidWaiver = "RG1614";

    /// <summary>The thing already exists (a release version, a user, a group).</summary>
    public const string Conflict = "RG1615";

    /// <summary>No user, group, stage or waiver of that name exists.</summary>
    public const string NotFound = "RG1616";

    /// <summary>The bootstrap command was run on a database that already has users.</summary>
    public const string BootstrapRefused = "RG1617";

    /// <summary>The command-line client could not reach the server, or the server answered with something that is not the API.</summary>
    public const string Unreachable = "RG1618";

    /// <summary>The request's media type is not one the endpoint takes.</summary>
    public const string UnsupportedMediaType = "RG1619";

    /// <summary>The server's configuration is invalid; it does not start.</summary>
    public const string InvalidConfiguration = "RG1620";

    /// <summary>The release's stage is not one the gate requires for it.</summary>
    public const string UnknownStage = "RG1621";

    /// <summary>No API token has that id.</summary>
    public const string UnknownToken = "RG1640";

    /// <summary>The user is not a member of the group, so there is nothing to remove.</summary>
    public const string NotAMember = "RG1641";

    /// <summary>Revoking the token would leave no live token with the admin scope, and no one could manage identities again.</summary>
    public const string LastAdminToken = "RG1642";

    /// <summary>A results line is longer than the server's line limit; the upload was refused without keeping the line.</summary>
    public const string LineTooLong = "RG1622";

    /// <summary>The request's target (path or query) cannot be served: too long, or it holds NUL or other control characters.</summary>
    public const string InvalidTarget = "RG1623";

    /// <summary>A vote named the evidence digest its voter reviewed, and the release's evidence has changed since: the vote is refused.</summary>
    public const string StaleEvidence = "RG1630";

    /// <summary>The workflow already has a release with this version and another digest: a version names one release.</summary>
    public const string VersionTaken = "RG1631";

    /// <summary>The server failed unexpectedly; nothing was written.</summary>
    public const string Internal = "RG1649";

    /// <summary>The review item is settled, voided or closed: it takes no verdict.</summary>
    public const string ReviewClosed = "RG1650";

    /// <summary>The caller already gave a verdict on the review item.</summary>
    public const string AlreadyReviewed = "RG1651";

    /// <summary>The caller submitted the release and may not review it.</summary>
    public const string SelfReview = "RG1652";

    /// <summary>The review item already has the verdicts its gate asks for.</summary>
    public const string ReviewFull = "RG1653";

    /// <summary>The workflow's gate has no <c>regressions:</c> section, so a bank case would never be replayed.</summary>
    public const string NoRegressions = "RG1660";

    /// <summary>The workflow's bank has a case of that id with another input.</summary>
    public const string BankCaseIdTaken = "RG1661";

    /// <summary>A bank case cannot move to the state asked for (from its state now, or by this caller).</summary>
    public const string BankTransition = "RG1662";

    /// <summary>The case to bank cannot be found in the release, or its release's gate has no suite file that defines it.</summary>
    public const string BankSourceCase = "RG1663";

    /// <summary>A case sent to the bank has no assertion, so it could never fail.</summary>
    public const string BankCaseUntestable = "RG1664";

    /// <summary>The workflow's gate has no compliance section, so there is nothing to run.</summary>
    public const string NoCompliance = "RG1670";

    /// <summary>A compliance finding is in a state that does not allow the change.</summary>
    public const string FindingState = "RG1671";
    /// <summary>A webhook URL is not an absolute http or https URL, or carries a user name or password.</summary>
    public const string WebhookUrl = "RG1680";

    /// <summary>A webhook names an event type or a body format the server does not have.</summary>
    public const string WebhookEvents = "RG1681";

    /// <summary>No webhook subscription has that id.</summary>
    public const string UnknownWebhook = "RG1682";

    /// <summary>No webhook delivery has that id.</summary>
    public const string UnknownDelivery = "RG1683";

    /// <summary>The webhook subscription is disabled: it takes no test events and cannot be disabled again.</summary>
    public const string WebhookDisabled = "RG1684";

    /// <summary>The delivery is still pending: it will be attempted, so there is nothing to replay.</summary>
    public const string DeliveryPending = "RG1685";

    /// <summary>A webhook secret given is too short or too long.</summary>
    public const string WebhookSecret = "RG1686";

    /// <summary>A release has as many active commit-status callbacks as one release may have.</summary>
    public const string TooManyCallbacks = "RG1687";

    /// <summary>Gives a problem written by the framework (an unknown route, a wrong method) the code for its status.</summary>
    public static void Complete(Microsoft.AspNetCore.Mvc.ProblemDetails problem)
    {
        ArgumentNullException.ThrowIfNull(problem);
        if (problem.Extensions.ContainsKey("code"))
        {
            return;
        }

        problem.Extensions["code"] = problem.Status switch
        {
            401 => Unauthenticated,
            403 => Forbidden,
            404 => NotFound,
            413 => TooLarge,
            414 => InvalidTarget,
            431 => InvalidTarget,
            415 => UnsupportedMediaType,
            >= 500 => Internal,
            _ => InvalidRequest,
        };
    }
}
