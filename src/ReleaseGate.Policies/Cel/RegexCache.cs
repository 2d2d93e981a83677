using System.Collections.Concurrent;
using System.Text.RegularExpressions;

namespace ReleaseGate.Policies.Cel;

/// <summary>
/// Compiled regular expressions for <c>matches()</c>, one per pattern, each built with its own match timeout so that
/// a catastrophic pattern cannot run past it (the process-wide default timeout is not relied on).
/// </summary>
internal sealed class RegexCache(TimeSpan matchTimeout, int capacity = 1024)
{
    private readonly ConcurrentDictionary<string, object> _patterns = new(StringComparer.Ordinal);

    public TimeSpan MatchTimeout { get; } = matchTimeout;

    /// <summary>Whether <paramref name="text"/> contains a match of <paramref name="pattern"/>, or an error.</summary>
    public object Matches(string text, string pattern)
    {
        if (!_patterns.TryGetValue(pattern, out var compiled))
        {
            compiled = Compile(pattern);
            if (_patterns.Count < capacity)
            {
                _patterns.TryAdd(pattern, compiled);
            }
        }

        if (compiled is CelError error)
        {
            return error;
        }

        try
        {
            return CelValues.Bool(((Regex)compiled).IsMatch(text));
        }
        catch (RegexMatchTimeoutException)
        {
            return new CelError($"the regular expression '{pattern}' took longer than {MatchTimeout.TotalMilliseconds:0} ms to match");
        }
    }

    private object Compile(string pattern)
    {
        try
        {
            return new Regex(pattern, RegexOptions.CultureInvariant, MatchTimeout);
        }
        catch (ArgumentException ex)
        {
            return new CelError($"invalid regular expression '{pattern}': {ex.Message}");
        }
    }
}
