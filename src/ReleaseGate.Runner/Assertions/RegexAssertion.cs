using System.Text.RegularExpressions;

namespace ReleaseGate.Runner.Assertions;

/// <summary>
/// <c>regex</c> and <c>not-regex</c>: whether the pattern matches anywhere in the output (not anchored, as promptfoo's
/// <c>new RegExp(value).test(output)</c>). Patterns use .NET syntax.
/// </summary>
/// <remarks>
/// <para>
/// The assertion holds only the pattern's text. Its matcher comes from <see cref="RegexCache"/> when a response is
/// evaluated: built at first use, shared by every case with the same pattern, and released when the cache needs the room,
/// so that a suite with a pattern per case costs no more memory than one with a single pattern.
/// </para>
/// <para>
/// The engine is chosen per pattern (<see cref="RegexCache.Get"/>): the backtracking engine, which is cheap to build, for
/// patterns without a construct that can make it take exponential or high-polynomial time (<see cref="PatternRisk"/>);
/// the non-backtracking engine, linear in the output, for the others, unless it cannot take one of their constructs.
/// Either runs with an explicit match timeout (so the process-wide default the CLI sets for CEL never applies). A timeout
/// is tried once more (a starved machine can pause any match), and a second one fails the assertion with a reason that
/// says so: never a hang, never a pass.
/// </para>
/// </remarks>
internal sealed class RegexAssertion(string type, double weight, string pattern, RegexCache cache) : CompiledAssertion(type, weight)
{
    /// <summary>How long a match may run before the assertion fails.</summary>
    public static TimeSpan MatchTimeout => RegexCache.MatchTimeout;

    private readonly bool _negated = type.StartsWith("not-", StringComparison.Ordinal);

    /// <summary>Whether <paramref name="pattern"/> parses; nothing is kept built (the suite's check calls this for every case).</summary>
    public static bool Compiles(ReadOnlySpan<char> pattern) => RegexCache.Shared.TryValidate(pattern, out _);

    public override AssertionOutcome Evaluate(TargetResponse response)
    {
        Regex regex;
        try
        {
            regex = cache.Get(pattern);
        }
        catch (ArgumentException e)
        {
            // Checked when the suite loaded; a case file changed since then may carry a pattern that no longer parses.
            return Failed(AssertionMessages.RegexInvalidNow(pattern, e.Message));
        }

        bool matches;
        try
        {
            matches = Match(regex, response.Output);
        }
        catch (RegexMatchTimeoutException)
        {
            var backtracking = !regex.Options.HasFlag(RegexOptions.NonBacktracking);
            return Failed(AssertionMessages.RegexTimeout(pattern, MatchTimeout, backtracking, response.Output));
        }

        return Outcome(matches != _negated, AssertionMessages.Regex(_negated, matches, pattern, response.Output));
    }

    private static bool Match(Regex regex, string output)
    {
        try
        {
            return regex.IsMatch(output);
        }
        catch (RegexMatchTimeoutException)
        {
            return regex.IsMatch(output);
        }
    }
}
