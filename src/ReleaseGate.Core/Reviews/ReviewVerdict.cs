using ReleaseGate.Core.Model;

namespace ReleaseGate.Core.Reviews;

/// <summary>One person's verdict on a review item.</summary>
/// <param name="Review">The review id.</param>
/// <param name="Suite">The case's suite.</param>
/// <param name="Case">The case id.</param>
/// <param name="Reviewer">Who gave it.</param>
/// <param name="Pass">Whether the output is acceptable.</param>
/// <param name="Severity">The severity the reviewer gives a failure, if any: it can raise the case's own, never lower it.</param>
/// <param name="Comment">Why, in the reviewer's words.</param>
/// <param name="At">When it was given.</param>
/// <param name="Adjudication">Whether it settles a disputed item (given by an adjudicator) rather than being one of its k verdicts.</param>
public sealed record ReviewVerdict(string Review, string Suite, string Case, string Reviewer, bool Pass, Severity? Severity, string Comment, DateTimeOffset At, bool Adjudication);
