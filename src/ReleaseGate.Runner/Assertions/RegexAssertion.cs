using System.Collections.Concurrent;
using System.Text.RegularExpressions;

namespace ReleaseGate.Runner.Assertions;

/// <summary>
/// <c>regex</c> and <c>not-regex</c>: whether the pattern matches anywhere in the output (not anchored, as promptfoo's
/// <c>new RegExp(value).test(output)</c>). Patterns use .NET syntax.
/// </summary>
/// <remarks>
/// A pattern runs on the non-backtracking engine, which takes time linear in the output, whenever it can, with no
/// timeout (the process-wide default that the CLI sets for CEL must not apply: a cold or starved process could exceed
/// it on a harmless pattern). Patterns that need backtracking (lookarounds, backreferences, atomic groups) run with a
/// match timeout; a timeout is tried once more (a starved machine can pause any match), and a second one fails the
/// assertion with a reason that says so: never a hang, never a pass.
/// </remarks>
internal sealed class RegexAssertion(string type, double weight, string pattern, Regex regex) : CompiledAssertion(type, weight)
{
    /// <summary>How long a backtracking match may run before the assertion fails.</summary>
    public static readonly TimeSpan MatchTimeout = TimeSpan.FromSeconds(1);

    // Suites repeat the same few patterns across thousands of cases; Regex instances are thread-safe.
    private static readonly ConcurrentDictionary<string, Regex> Cache = new(StringComparer.Ordinal);

    private readonly bool _negated = type.StartsWith("not-", StringComparison.Ordinal);

    /// <summary>Compiles <paramref name="pattern"/>, or throws <see cref="ArgumentException"/> saying what is wrong with it.</summary>
    public static Regex Build(string pattern) => Cache.GetOrAdd(pattern, static p =>
    {
        try
        {
            return new Regex(p, RegexOptions.NonBacktracking | RegexOptions.CultureInvariant, Regex.InfiniteMatchTimeout);
        }
        catch (NotSupportedException)
        {
            return new Regex(p, RegexOptions.CultureInvariant, MatchTimeout);
        }
    });

    /// <summary>Whether <paramref name="pattern"/> compiles (it is then cached for <see cref="Build"/>).</summary>
    public static bool Compiles(ReadOnlySpan<char> pattern)
    {
        if (Cache.GetAlternateLookup<ReadOnlySpan<char>>().ContainsKey(pattern))
        {
            return true;
        }

        try
        {
            Build(pattern.ToString());
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    public override AssertionOutcome Evaluate(TargetResponse response)
    {
        bool matches;
        try
        {
            matches = Match(response.Output);
        }
        catch (RegexMatchTimeoutException)
        {
            return Failed(AssertionMessages.RegexTimeout(pattern, MatchTimeout, response.Output));
        }

        return Outcome(matches != _negated, AssertionMessages.Regex(_negated, matches, pattern, response.Output));
    }

    private bool Match(string output)
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
