using ReleaseGate.Core.Model;

namespace ReleaseGate.Core.Decisions;

/// <summary>
/// A settled human verdict on one candidate case (a review item whose reviewers agreed, or its adjudication): it replaces the
/// case's automated outcome in every check that counts the case.
/// </summary>
/// <param name="Review">The review whose item it settled.</param>
/// <param name="Suite">The case's suite.</param>
/// <param name="Case">The case id.</param>
/// <param name="Pass">The verdict.</param>
/// <param name="Severity">The severity a failing verdict gave, if any: it raises the case's own, never lowers it.</param>
/// <param name="By">Who settled it (the reviewers, or the adjudicator).</param>
/// <param name="At">When it was settled.</param>
/// <param name="Reason">Why, in the reviewers' words.</param>
internal sealed record HumanVerdict(string Review, string Suite, string Case, bool Pass, Severity? Severity, string By, DateTimeOffset At, string Reason);
