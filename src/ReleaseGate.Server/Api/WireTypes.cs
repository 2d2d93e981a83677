using System.Text.Json.Nodes;

namespace ReleaseGate.Server.Api;

/// <summary>A workflow as the API shows it.</summary>
/// <param name="Name">The workflow's name.</param>
/// <param name="Risk">Its risk tier.</param>
/// <param name="GateDigest">The digest of its current gate (with the files the gate names).</param>
/// <param name="BaselineReleaseId">The id of its shipped baseline release, if any.</param>
public sealed record WorkflowV1(string Name, string Risk, string? GateDigest, long? BaselineReleaseId);

/// <summary>The answer to registering a gate.</summary>
/// <param name="Workflow">The workflow.</param>
/// <param name="Changed">Whether the gate differs from the current one.</param>
/// <param name="Redecided">How many open releases were decided again under the new gate.</param>
public sealed record GateRegisteredV1(WorkflowV1 Workflow, bool Changed, int Redecided);

/// <summary>A release as the API shows it, with its current decision.</summary>
/// <param name="Id">The release's id, used in every release URL.</param>
/// <param name="Workflow">Its workflow.</param>
/// <param name="Version">Its version.</param>
/// <param name="Digest">Its digest.</param>
/// <param name="Submitter">Who submitted it.</param>
/// <param name="State">Its state: <c>blocked</c>, <c>pending</c>, <c>approved</c>, <c>rejected</c>, <c>shipped</c>.</param>
/// <param name="CreatedAt">When it was submitted.</param>
/// <param name="Link">The release's URL.</param>
/// <param name="Decision">Its current decision (decision JSON, DESIGN §4, with the server's verdict), if one was made.</param>
public sealed record ReleaseV1(long Id, string Workflow, string Version, string Digest, string Submitter, string State, DateTimeOffset CreatedAt, string Link, JsonNode? Decision);

/// <summary>One recorded decision of a release's history.</summary>
/// <param name="Id">The record's id.</param>
/// <param name="Verdict">The verdict.</param>
/// <param name="EvidenceDigest">The evidence it rested on.</param>
/// <param name="Actor">Whose action caused it.</param>
/// <param name="CreatedAt">When it was recorded.</param>
/// <param name="Decision">The decision JSON.</param>
public sealed record DecisionRecordV1(long Id, string Verdict, string EvidenceDigest, string Actor, DateTimeOffset CreatedAt, JsonNode? Decision);

/// <summary>The answer to an evidence upload.</summary>
/// <param name="RunId">The stored run's id.</param>
/// <param name="Digest">The upload's SHA-256.</param>
/// <param name="Lines">How many result lines it held.</param>
/// <param name="Created">False when the same upload was already stored (nothing changed).</param>
/// <param name="Release">The release, with its decision after the upload.</param>
public sealed record EvidenceStoredV1(long RunId, string Digest, long Lines, bool Created, ReleaseV1 Release);

/// <summary>An approval or rejection request.</summary>
/// <param name="Stage">The approval stage.</param>
/// <param name="Comment">Why.</param>
/// <param name="Evidence">The evidence digest the voter reviewed (<c>evidence_digest</c> of the decision), or null: when given and no
/// longer current, the vote is refused (409, RG1630) rather than bound to evidence the voter has not seen.</param>
public sealed record VoteRequestV1(string? Stage, string? Comment, string? Evidence = null);

/// <summary>An approval or rejection as stored.</summary>
/// <param name="Id">Its id.</param>
/// <param name="Stage">The stage.</param>
/// <param name="Actor">Who voted.</param>
/// <param name="Verdict"><c>approve</c> or <c>reject</c>.</param>
/// <param name="ReleaseDigest">The release digest it is bound to.</param>
/// <param name="EvidenceDigest">The evidence digest it is bound to.</param>
/// <param name="Comment">The comment.</param>
/// <param name="Invalidated">Whether later evidence, or a change to the stage's definition, invalidated it.</param>
/// <param name="CreatedAt">When it was given.</param>
/// <param name="GateDigest">The gate version the stage was read from when the vote was given.</param>
/// <param name="StageDigest">The digest of the stage's definition it is bound to.</param>
public sealed record ApprovalV1(long Id, string Stage, string Actor, string Verdict, string ReleaseDigest, string EvidenceDigest, string? Comment, bool Invalidated, DateTimeOffset CreatedAt, string GateDigest, string StageDigest);

/// <summary>A waiver grant request.</summary>
/// <param name="Check">A check id or a glob over ids.</param>
/// <param name="Release">A release digest, or a version (bound to the digest of the workflow's release with that version at grant
/// time; versions are unique within a workflow), or null for every release of the workflow.</param>
/// <param name="Reason">Why the exception is justified.</param>
/// <param name="Expires">When it stops applying: an RFC 3339 timestamp with <c>Z</c> or an offset.</param>
public sealed record WaiverRequestV1(string? Check, string? Release, string? Reason, [property: System.Text.Json.Serialization.JsonConverter(typeof(Core.Json.StrictTimestampJsonConverter))] DateTimeOffset? Expires);

/// <summary>A waiver revocation request.</summary>
/// <param name="Reason">Why it is revoked.</param>
public sealed record RevokeRequestV1(string? Reason);

/// <summary>A waiver as stored.</summary>
/// <param name="Id">Its id.</param>
/// <param name="Workflow">Its workflow.</param>
/// <param name="Check">The check pattern.</param>
/// <param name="Release">The release it is for, or null for all.</param>
/// <param name="Reason">Why.</param>
/// <param name="GrantedBy">Who granted it.</param>
/// <param name="GrantedAt">When.</param>
/// <param name="Expires">When it stops applying.</param>
/// <param name="RevokedAt">When it was revoked, if it was.</param>
/// <param name="RevokedBy">Who revoked it.</param>
public sealed record WaiverV1(long Id, string Workflow, string Check, string? Release, string Reason, string GrantedBy, DateTimeOffset GrantedAt, DateTimeOffset Expires, DateTimeOffset? RevokedAt, string? RevokedBy);

/// <summary>A ledger entry.</summary>
/// <param name="Seq">Its sequence number.</param>
/// <param name="Time">When it was written.</param>
/// <param name="Actor">Who acted.</param>
/// <param name="Type">The event type.</param>
/// <param name="Subject">What it is about.</param>
/// <param name="Payload">The event's data.</param>
/// <param name="PrevHash">The previous entry's hash.</param>
/// <param name="Hash">This entry's hash.</param>
public sealed record LedgerEntryV1(long Seq, DateTimeOffset Time, string Actor, string Type, string Subject, JsonNode? Payload, string PrevHash, string Hash);

/// <summary>The result of walking the ledger.</summary>
/// <param name="Intact">Whether every entry's hash and link hold, and the approvals, waivers, decisions and release states are what the entries imply.</param>
/// <param name="EntriesChecked">How many entries were checked.</param>
/// <param name="HeadSeq">The last entry's sequence number.</param>
/// <param name="HeadHash">The last entry's hash.</param>
/// <param name="FirstBreak">The first break, if any: a broken entry (its seq, the kind of break, a sentence), or a row that is not what the
/// ledger implies (kind <c>StateMismatch</c>, its table and id, a sentence, and how many such rows there are).</param>
public sealed record LedgerVerificationV1(bool Intact, long EntriesChecked, long HeadSeq, string HeadHash, JsonNode? FirstBreak);

/// <summary>A user creation request.</summary>
/// <param name="Name">The user name.</param>
/// <param name="DisplayName">A display name.</param>
/// <param name="Groups">Groups to add the user to (they must exist).</param>
public sealed record UserRequestV1(string? Name, string? DisplayName, IReadOnlyList<string>? Groups);

/// <summary>A group creation request.</summary>
/// <param name="Name">The group name.</param>
/// <param name="Description">What the group is for.</param>
/// <param name="Members">Users to add (they must exist).</param>
public sealed record GroupRequestV1(string? Name, string? Description, IReadOnlyList<string>? Members);

/// <summary>A membership request.</summary>
/// <param name="User">The user to add.</param>
public sealed record MemberRequestV1(string? User);

/// <summary>A token creation request.</summary>
/// <param name="User">The token's owner.</param>
/// <param name="Name">A name for the token (where it is used).</param>
/// <param name="Scopes">Its scopes: submit, review, approve, admin.</param>
/// <param name="ExpiresAt">When it stops working, if ever: an RFC 3339 timestamp with <c>Z</c> or an offset.</param>
public sealed record TokenRequestV1(string? User, string? Name, IReadOnlyList<string>? Scopes, [property: System.Text.Json.Serialization.JsonConverter(typeof(Core.Json.StrictTimestampJsonConverter))] DateTimeOffset? ExpiresAt);

/// <summary>A created token: the only time the token itself is shown.</summary>
/// <param name="Id">The token's id.</param>
/// <param name="User">Its owner.</param>
/// <param name="Name">Its name.</param>
/// <param name="Scopes">Its scopes.</param>
/// <param name="Token">The token; the server keeps only its hash.</param>
/// <param name="ExpiresAt">When it stops working, if ever.</param>
public sealed record TokenCreatedV1(long Id, string User, string Name, IReadOnlyList<string> Scopes, string Token, DateTimeOffset? ExpiresAt);

/// <summary>A stored API token as the API lists it: never the token, nor its hash.</summary>
/// <param name="Id">The token's id, which revocation takes.</param>
/// <param name="User">Its owner.</param>
/// <param name="Name">Its name.</param>
/// <param name="Scopes">Its scopes.</param>
/// <param name="CreatedAt">When it was created.</param>
/// <param name="ExpiresAt">When it stops working, if ever.</param>
/// <param name="RevokedAt">When it was revoked, or null while it is not.</param>
public sealed record TokenV1(long Id, string User, string Name, IReadOnlyList<string> Scopes, DateTimeOffset CreatedAt, DateTimeOffset? ExpiresAt, DateTimeOffset? RevokedAt);

/// <summary>A user as the API shows it.</summary>
/// <param name="Name">The user name.</param>
/// <param name="DisplayName">The display name.</param>
/// <param name="Groups">The user's groups.</param>
public sealed record UserV1(string Name, string DisplayName, IReadOnlyList<string> Groups);

/// <summary>A group as the API shows it.</summary>
/// <param name="Name">The group name.</param>
/// <param name="Description">What it is for.</param>
/// <param name="Members">Its members.</param>
public sealed record GroupV1(string Name, string Description, IReadOnlyList<string> Members);

/// <summary>The caller as the server sees them.</summary>
/// <param name="User">The user name.</param>
/// <param name="Groups">Their groups.</param>
/// <param name="Scopes">Their credential's scopes.</param>
public sealed record CallerV1(string User, IReadOnlyList<string> Groups, IReadOnlyList<string> Scopes);

/// <summary>A request for the next review item of the caller's queue.</summary>
/// <param name="Group">Only items of this reviewer group (one of the caller's); any of the caller's groups when absent.</param>
/// <param name="Workflow">Only items of releases of this workflow.</param>
public sealed record ReviewNextRequestV1(string? Group = null, string? Workflow = null);

/// <summary>A reviewer's verdict on a review item.</summary>
/// <param name="Verdict"><c>pass</c> or <c>fail</c>.</param>
/// <param name="Severity">How bad a failure is (<c>critical</c>, <c>high</c>, <c>medium</c>, <c>low</c>); raises the case's severity, never lowers it.</param>
/// <param name="Comment">Why; required for a fail and for an adjudication.</param>
/// <param name="AddToBank">Whether the case should become a regression-bank case.</param>
public sealed record ReviewVerdictRequestV1(string? Verdict, string? Severity = null, string? Comment = null, bool AddToBank = false);

/// <summary>A review item, without its content.</summary>
/// <param name="Id">The item's id.</param>
/// <param name="ReleaseId">Its release.</param>
/// <param name="Workflow">The release's workflow.</param>
/// <param name="Review">The gate's review id (its check is <c>reviews/&lt;id&gt;</c>).</param>
/// <param name="Suite">The case's suite.</param>
/// <param name="Case">The case id.</param>
/// <param name="Reason">Why it was sampled: failure, passing, slice, inconclusive, judge or minimum.</param>
/// <param name="Group">The reviewer group.</param>
/// <param name="Adjudicator">The group that settles a dispute.</param>
/// <param name="ReviewersPerItem">How many distinct reviewers judge it.</param>
/// <param name="Verdicts">How many reviewers have given a verdict.</param>
/// <param name="State"><c>open</c> (awaiting reviewers), <c>adjudication</c>, <c>settled</c> or <c>void</c> (not sampled on the current evidence).</param>
/// <param name="EvidenceDigest">The evidence it was sampled on.</param>
/// <param name="CreatedAt">When it was sampled.</param>
/// <param name="Link">The item's address in the API.</param>
public sealed record ReviewItemSummaryV1(
    long Id, long ReleaseId, string Workflow, string Review, string Suite, string Case, string Reason, string Group, string Adjudicator,
    int ReviewersPerItem, int Verdicts, string State, string EvidenceDigest, DateTimeOffset CreatedAt, string Link);

/// <summary>A verdict on a review item.</summary>
/// <param name="Id">The verdict's id.</param>
/// <param name="Reviewer">Who gave it.</param>
/// <param name="Verdict"><c>pass</c> or <c>fail</c>.</param>
/// <param name="Severity">The severity given, if any.</param>
/// <param name="Comment">The reviewer's comment.</param>
/// <param name="AddToBank">Whether the reviewer asked for the case to join the regression bank.</param>
/// <param name="Adjudication">Whether it settles a dispute.</param>
/// <param name="CreatedAt">When it was given.</param>
public sealed record ReviewVerdictV1(long Id, string Reviewer, string Verdict, string? Severity, string Comment, bool AddToBank, bool Adjudication, DateTimeOffset CreatedAt);

/// <summary>Everything a reviewer needs to judge an item, in full.</summary>
/// <param name="Item">The item.</param>
/// <param name="Case">The case as its suite defines it (<c>vars</c>, <c>slices</c>, <c>severity</c>, the suite's prompts and assertions), or null when the gate has no suite file for it.</param>
/// <param name="Candidate">The candidate's result lines of the case, each as uploaded (output, tool calls, assertions with their verdicts and reasons, the judge's reasoning).</param>
/// <param name="Baseline">The baseline's result lines of the same case, when it ran.</param>
/// <param name="Verdicts">The verdicts given, once the caller has given theirs or the item is settled; null while hidden (reviews are blind).</param>
/// <param name="VerdictCount">How many verdicts were given.</param>
/// <param name="LeaseExpires">When the caller's reservation of the item expires, if they hold one.</param>
/// <param name="Adjudication">Whether the caller is asked to settle a dispute.</param>
public sealed record ReviewItemV1(
    ReviewItemSummaryV1 Item, JsonNode? Case, IReadOnlyList<JsonNode?> Candidate, IReadOnlyList<JsonNode?> Baseline,
    IReadOnlyList<ReviewVerdictV1>? Verdicts, int VerdictCount, DateTimeOffset? LeaseExpires, bool Adjudication);

/// <summary>A verdict recorded, with the item and the release's decision after it.</summary>
/// <param name="Verdict">The verdict.</param>
/// <param name="Item">The item, with its state after the verdict.</param>
/// <param name="Release">The release and its decision.</param>
public sealed record ReviewVerdictStoredV1(ReviewVerdictV1 Verdict, ReviewItemSummaryV1 Item, ReleaseV1 Release);

/// <summary>A request to add cases to a workflow's regression bank: cases written out, or a failed case of a stored release.</summary>
/// <param name="Reason">Why the cases are banked; required: the bank remembers it.</param>
/// <param name="Source">Where written-out cases come from: <c>incident</c>, <c>trace</c>, <c>import</c> or <c>manual</c> (default <c>incident</c> with an incident, else <c>manual</c>).</param>
/// <param name="Incident">The incident the cases remember: an id or a link.</param>
/// <param name="Cases">Suite cases as JSON (the keys of a suite case), each optionally with <c>original_output</c>, <c>reference</c>, and the <c>provenance</c> it already has (a case exported from a bank keeps where it first came from); or null with <paramref name="From"/>.</param>
/// <param name="From">A case of a stored release, whose input, assertions, slices and output are carried over.</param>
public sealed record BankAddRequestV1(string? Reason, string? Source = null, string? Incident = null, IReadOnlyList<JsonNode?>? Cases = null, BankFromReleaseV1? From = null);

/// <summary>A case of a stored release, to bank.</summary>
/// <param name="Release">The release's version.</param>
/// <param name="Case">The case id.</param>
/// <param name="Suite">The case's suite; needed only when several of the gate's suites have a case of that id.</param>
/// <param name="Id">The id the case takes in the bank (default: its id in the release).</param>
/// <param name="Severity">The severity the case takes in the bank (default: its severity in the release's suite); an incident is often worse than the suite said.</param>
public sealed record BankFromReleaseV1(string Release, string Case, string? Suite = null, string? Id = null, string? Severity = null);

/// <summary>What happened to one case sent to the bank.</summary>
/// <param name="Case">The case's id as sent.</param>
/// <param name="Outcome"><c>added</c>; <c>linked</c> (its input duplicates a banked case, which now also records this source); or <c>known</c> (that case already records this source: nothing was written).</param>
/// <param name="BankCase">The bank case that holds the input: the new one, or the one it duplicates.</param>
/// <param name="State">The bank case's state.</param>
/// <param name="Fingerprint">The fingerprint of the case's normalised input.</param>
/// <param name="Link">The bank case's address in the API.</param>
public sealed record BankAddedV1(string Case, string Outcome, string BankCase, string State, string Fingerprint, string Link);

/// <summary>A bank case without its content.</summary>
/// <param name="Workflow">The workflow whose bank holds it.</param>
/// <param name="Case">The case id.</param>
/// <param name="State"><c>active</c>, <c>quarantined</c>, <c>retired</c> or <c>proposed</c>, as of now (an expired quarantine is active).</param>
/// <param name="Severity">The case's severity.</param>
/// <param name="Source">Where it came from: incident, release, review, trace, import or manual.</param>
/// <param name="Incident">The incident it remembers, if any.</param>
/// <param name="AddedBy">Who added it.</param>
/// <param name="AddedAt">When.</param>
/// <param name="Links">How many duplicates were linked to it.</param>
/// <param name="QuarantineOwner">Who owns its quarantine, while quarantined.</param>
/// <param name="QuarantineUntil">When its quarantine expires.</param>
/// <param name="RowVersion">The row version, for a change that must not overwrite another.</param>
/// <param name="Link">Its address in the API.</param>
public sealed record BankCaseSummaryV1(
    string Workflow, string Case, string State, string Severity, string Source, string? Incident, string AddedBy, DateTimeOffset AddedAt,
    int Links, string? QuarantineOwner, DateTimeOffset? QuarantineUntil, long RowVersion, string Link);

/// <summary>A bank case in full: its content, provenance, links, lifecycle and its outcome in every release that replayed it.</summary>
/// <param name="Summary">The case's summary.</param>
/// <param name="Case">The suite case as JSON.</param>
/// <param name="Provenance">Where it came from, who added it, when and why, with the original output.</param>
/// <param name="Fingerprint">The fingerprint of its normalised input.</param>
/// <param name="QuarantineReason">Why it is quarantined, while it is.</param>
/// <param name="RetiredReason">Why it was retired, when it is.</param>
/// <param name="Duplicates">The sources whose cases duplicated it.</param>
/// <param name="Events">Its lifecycle, oldest first.</param>
/// <param name="History">Its outcome in each release that replayed it, oldest first.</param>
public sealed record BankCaseV1(
    BankCaseSummaryV1 Summary, JsonNode? Case, JsonNode? Provenance, string Fingerprint, string? QuarantineReason, string? RetiredReason,
    IReadOnlyList<BankLinkV1> Duplicates, IReadOnlyList<BankEventV1> Events, IReadOnlyList<BankReplayV1> History);

/// <summary>A duplicate linked to a bank case.</summary>
/// <param name="Case">The id the duplicate came with.</param>
/// <param name="Provenance">Its provenance.</param>
/// <param name="Actor">Who sent it.</param>
/// <param name="At">When.</param>
public sealed record BankLinkV1(string Case, JsonNode? Provenance, string Actor, DateTimeOffset At);

/// <summary>A change of a bank case's state.</summary>
/// <param name="State">The state it moved to.</param>
/// <param name="Actor">Who moved it.</param>
/// <param name="Reason">Why.</param>
/// <param name="At">When.</param>
/// <param name="Owner">The quarantine's owner, for a quarantine.</param>
/// <param name="Until">When the quarantine expires, for a quarantine.</param>
public sealed record BankEventV1(string State, string Actor, string Reason, DateTimeOffset At, string? Owner, DateTimeOffset? Until);

/// <summary>A bank case's outcome in one release that replayed it.</summary>
/// <param name="ReleaseId">The release's id.</param>
/// <param name="Release">Its version.</param>
/// <param name="ReleaseState">Its state now.</param>
/// <param name="SubmittedAt">When it was submitted.</param>
/// <param name="Candidate"><c>pass</c> or <c>fail</c> on the release (every repeat must pass; an error fails).</param>
/// <param name="Baseline"><c>pass</c> or <c>fail</c> on the baseline run beside it, or null when the baseline did not replay it.</param>
/// <param name="Runs">How many result lines it had.</param>
/// <param name="Link">The release's address in the API.</param>
public sealed record BankReplayV1(long ReleaseId, string Release, string ReleaseState, DateTimeOffset SubmittedAt, string? Candidate, string? Baseline, int Runs, string Link);

/// <summary>A request to move a bank case to another state.</summary>
/// <param name="State"><c>active</c>, <c>quarantined</c> or <c>retired</c>.</param>
/// <param name="Reason">Why; required.</param>
/// <param name="Owner">For a quarantine: who owns bringing the case back.</param>
/// <param name="Until">For a quarantine: when it expires (at most the server's maximum quarantine ahead).</param>
/// <param name="RowVersion">The row version the caller saw; the change is refused if the case changed since.</param>
public sealed record BankStateRequestV1(string? State, string? Reason, string? Owner = null, DateTimeOffset? Until = null, long? RowVersion = null);
